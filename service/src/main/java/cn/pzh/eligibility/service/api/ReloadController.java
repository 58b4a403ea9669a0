package cn.pzh.eligibility.service.api;

import cn.pzh.eligibility.service.config.RulesetHolder;
import cn.pzh.eligibility.service.reload.ReloadReport;
import cn.pzh.eligibility.service.reload.RulesetReloader;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.security.Principal;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/ruleset/reload")
public class ReloadController {

    /**
     * {@code lastRefused}: the latest real reload when it was refused (the page shows it as a banner), null once a
     * later reload publishes.
     */
    public record ReloadStatus(String servingVersion, String rulesDirectory, String casesDirectory,
            String referenceCaseload, ReloadReport lastReload, ReloadReport lastRefused) {
    }

    private final RulesetReloader reloader;
    private final RulesetHolder rulesets;

    public ReloadController(RulesetReloader reloader, RulesetHolder rulesets) {
        this.reloader = reloader;
        this.rulesets = rulesets;
    }

    @Operation(summary = "Reload the rules directory: compile, check, test-cases, impact; swap only if all pass"
            + "（重新加载规则：编译、检查、测试案例、影响测算，全部通过才启用）")
    @ApiResponse(responseCode = "200", description = "Swapped, unchanged, or a dry run's verdict",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = ReloadReport.class)))
    @ApiResponse(responseCode = "422", description = "Refused: the old ruleset keeps serving; the body says why",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = ReloadReport.class)))
    @PostMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<ReloadReport> reload(
            @Parameter(description = "true: build, check and compare only; swap nothing")
            @RequestParam(defaultValue = "false") boolean dryRun,
            Principal user) {
        ReloadReport r = reloader.reload(dryRun, "api", user == null ? null : user.getName());
        return ResponseEntity.status(r.outcome() == ReloadReport.Outcome.REFUSED ? HttpStatus.UNPROCESSABLE_CONTENT
                : HttpStatus.OK).body(r);
    }

    @Operation(summary = "The version in service and the last reload attempt（当前版本及最近一次重新加载的结果）")
    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    public ReloadStatus status() {
        return new ReloadStatus(rulesets.current().map(rs -> rs.version()).orElse(null),
                reloader.rulesDir().toString(), reloader.casesDir().toString(),
                reloader.referenceCaseload() == null ? null : reloader.referenceCaseload().toString(),
                reloader.last(), reloader.lastRefused());
    }
}
