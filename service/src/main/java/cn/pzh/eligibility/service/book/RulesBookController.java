package cn.pzh.eligibility.service.book;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.MediaTypeFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** {@code /rules/}: the rules book of the ruleset in service (index.html and the pages it links). */
@Controller
public class RulesBookController {

    private final RulesBookPublisher books;

    public RulesBookController(RulesBookPublisher books) {
        this.books = books;
    }

    @GetMapping("/rules")
    ResponseEntity<Void> slash() {
        return ResponseEntity.status(HttpStatus.MOVED_PERMANENTLY).header("Location", "/rules/").build();
    }

    @GetMapping("/rules/**")
    ResponseEntity<?> page(HttpServletRequest request) throws IOException {
        RulesBookPublisher.Book book = books.current();
        if (book == null) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).contentType(MediaType.TEXT_PLAIN)
                    .header("Retry-After", "5")
                    .body("规则手册正在生成，请稍后刷新（the rules book is being written; retry shortly）");
        }
        String rest = request.getRequestURI().substring(request.getContextPath().length() + "/rules/".length());
        if (rest.isEmpty()) {
            rest = "index.html";
        }
        Path file = book.dir().resolve(java.net.URLDecoder.decode(rest, java.nio.charset.StandardCharsets.UTF_8))
                .normalize();
        if (!file.startsWith(book.dir()) || !Files.isRegularFile(file)) {
            return ResponseEntity.notFound().build();
        }
        MediaType type = MediaTypeFactory.getMediaType(file.getFileName().toString())
                .orElse(MediaType.APPLICATION_OCTET_STREAM);
        if (type.getType().equals("text")) {
            type = new MediaType(type, java.nio.charset.StandardCharsets.UTF_8);
        }
        return ResponseEntity.ok().contentType(type).cacheControl(CacheControl.noCache())
                .header("X-Ruleset-Version", book.version()).body(new FileSystemResource(file));
    }
}
