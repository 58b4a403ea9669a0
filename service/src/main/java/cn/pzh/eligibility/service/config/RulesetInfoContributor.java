package cn.pzh.eligibility.service.config;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.stereotype.Component;

/** {@code /actuator/info}: which ruleset answers, so a determination can be traced to the rules that made it. */
@Component
public class RulesetInfoContributor implements InfoContributor {

    private final RulesetHolder holder;

    public RulesetInfoContributor(RulesetHolder holder) {
        this.holder = holder;
    }

    @Override
    public void contribute(Info.Builder builder) {
        Map<String, Object> ruleset = new LinkedHashMap<>();
        holder.current().ifPresentOrElse(rs -> {
            ruleset.put("loaded", true);
            ruleset.put("version", rs.version());
            ruleset.put("loadedAt", rs.loadedAt().toString());
        }, () -> ruleset.put("loaded", false));
        builder.withDetail("ruleset", ruleset);
    }
}
