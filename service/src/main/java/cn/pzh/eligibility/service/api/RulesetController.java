package cn.pzh.eligibility.service.api;

import cn.pzh.eligibility.rules.RuleInfo;
import cn.pzh.eligibility.rules.Ruleset;
import cn.pzh.eligibility.service.config.RulesetHolder;
import io.swagger.v3.oas.annotations.Operation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
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
    @GetMapping
    public RulesetView ruleset() {
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
        return new RulesetView(rs.version(), rs.loadedAt(), rs.rules().size(), files);
    }
}
