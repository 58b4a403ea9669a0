package cn.pzh.eligibility.service.batch;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;

/**
 * Uploads that fail before any controller sees them: the form is parsed first. Too large is 413 naming the limit;
 * a form that cannot be parsed is the client's, 400 (the service's catch-all would make it a 500).
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class BatchUploadExceptionHandler {

    private final String limit;

    public BatchUploadExceptionHandler(@Value("${spring.servlet.multipart.max-file-size:512MB}") String limit) {
        this.limit = limit;
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ResponseEntity<ProblemDetail> tooLarge(MaxUploadSizeExceededException e) {
        return respond(BatchProblem.tooLarge(limit));
    }

    @ExceptionHandler(MultipartException.class)
    ResponseEntity<ProblemDetail> unreadable(MultipartException e) {
        return respond(BatchProblem.badRequest(java.util.List.of(new cn.pzh.eligibility.input.FieldError("$",
                "not a readable multipart/form-data form", "无法读取上传的表单（应为 multipart/form-data）"))));
    }

    private static ResponseEntity<ProblemDetail> respond(BatchProblem p) {
        return ResponseEntity.status(p.getStatusCode()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(p.getBody());
    }
}
