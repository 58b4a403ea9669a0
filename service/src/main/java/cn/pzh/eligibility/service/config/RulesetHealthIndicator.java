package cn.pzh.eligibility.service.config;

import cn.pzh.eligibility.evaluation.Ruleset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** {@code /actuator/health}: UP with the version while a ruleset is loaded, DOWN with the load problems if not. */
@Component("ruleset")
public class RulesetHealthIndicator implements HealthIndicator {

    private final RulesetHolder holder;

    public RulesetHealthIndicator(RulesetHolder holder) {
        this.holder = holder;
    }

    @Override
    public Health health() {
        RulesetHolder.State state = holder.state();
        Ruleset rs = state.ruleset();
        if (rs == null) {
            return Health.down()
                    .withDetail("directory", state.directory().toString())
                    .withDetail("problems", state.problems().stream().map(Object::toString).toList())
                    .build();
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("version", rs.version());
        details.put("loadedAt", rs.loadedAt().toString());
        details.put("directory", state.directory().toString());
        details.put("rules", rs.rules().size());
        return Health.up().withDetails(details).build();
    }
}
