package cn.pzh.eligibility.service.api;

import cn.pzh.eligibility.rules.RuleInfo;
import cn.pzh.eligibility.evaluation.Ruleset;
import cn.pzh.eligibility.service.config.RulesetHolder;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/ruleset")
public class RulesetController {

    /** {@code files}: every file hashed into the version; those without rules (parameters, codes) list none. */
    public record RulesetView(String version, Instant loadedAt, int ruleCount, List<FileView> files) {
    }

    public record FileView(String file, List<String> clauses, List<RuleView> rules) {
    }

    public record RuleView(String name, String clause, int line) {
    }

    private final RulesetHolder rulesets;

    public RulesetController(RulesetHolder rulesets) {
        this.rulesets = rulesets;
    }

    @Operation(summary = "The loaded ruleset: version, load time, files with their clauses and rules（当前规则集）")
    @Parameter(in = ParameterIn.HEADER, name = "If-None-Match", required = false, schema = @Schema(type = "string"),
            description = "An ETag of an earlier answer: 304 while the same ruleset version serves")
    @ApiResponse(responseCode = "200", description = "The ruleset in service",
            headers = @Header(name = "ETag", description = "W/\"<ruleset version>\"", schema = @Schema(type = "string")),
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = RulesetView.class)))
    @ApiResponse(responseCode = "304", description = "Not modified: the If-None-Match ETag still holds")
    @ApiResponse(responseCode = "503", description = "No ruleset is loaded",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemBody.class)))
    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<RulesetView> ruleset() {
        Ruleset rs = rulesets.require();
        Map<String, List<RuleInfo>> byFile = rs.rules().stream()
                .collect(Collectors.groupingBy(RuleInfo::file, Collectors.toList()));
        List<FileView> files = new ArrayList<>();
        for (String file : rs.files()) {
            List<RuleInfo> rules = byFile.getOrDefault(file, List.of());
            files.add(new FileView(file,
                    List.copyOf(new TreeSet<>(rules.stream().map(RuleInfo::clause).toList())),
                    rules.stream().map(r -> new RuleView(r.name(), r.clause(), r.line())).toList()));
        }
        // The version is the content hash of the rules and parameters: it is the tag. Weak, because loadedAt may
        // differ for the same version after a restart.
        return ResponseEntity.ok().eTag("W/\"" + rs.version() + "\"").cacheControl(CacheControl.noCache().cachePrivate())
                .body(new RulesetView(rs.version(), rs.loadedAt(), rs.rules().size(), files));
    }
}
