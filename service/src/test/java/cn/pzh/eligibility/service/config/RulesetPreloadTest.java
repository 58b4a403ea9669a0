package cn.pzh.eligibility.service.config;

import static org.assertj.core.api.Assertions.assertThat;

import cn.pzh.eligibility.params.Problem;
import cn.pzh.eligibility.service.EligibilityServiceApplication;
import cn.pzh.eligibility.service.RulesCopy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The start the main method makes: the rules compile on their own thread from the directory the command line names,
 * and the service serves that ruleset (not a second one compiled in line); rules that fail to compile there still
 * leave a service that names each file and line, as the in-line load did.
 */
class RulesetPreloadTest {

    @TempDir
    Path tmp;

    private ConfigurableApplicationContext start(Path rules) {
        return new SpringApplicationBuilder(EligibilityServiceApplication.class).initializers(new RulesetPreload())
                .run("--server.port=0", "--rules.dir=" + rules, "--cases.dir=../test-cases", "--reload.watch=false",
                        "--register.dir=" + tmp.resolve("register"), "--batches.dir=" + tmp.resolve("jobs"));
    }

    @Test
    void theServiceServesTheRulesetCompiledBesideItsStart() {
        try (ConfigurableApplicationContext app = start(Path.of("../rules"))) {
            RulesetPreload.Pending pending = app.getBean(RulesetPreload.Pending.class);
            assertThat(pending.directory()).isEqualTo(Path.of("../rules").toAbsolutePath().normalize());
            assertThat(pending.result()).isDone();
            RulesetHolder holder = app.getBean(RulesetHolder.class);
            assertThat(holder.require().compiled()).isSameAs(pending.await().ruleset().compiled());
            assertThat(holder.state().directory()).isEqualTo(pending.directory());
        }
    }

    @Test
    void rulesThatDoNotCompileLeaveAServiceThatNamesTheFileAndLine() throws Exception {
        try (RulesCopy copy = new RulesCopy()) {
            Path dibao = copy.rules.resolve("dibao.drl");
            Files.writeString(dibao, Files.readString(dibao, StandardCharsets.UTF_8)
                    + "\nrule \"坏规则\"\nwhen\n    $c : NoSuchFact()\nthen\nend\n", StandardCharsets.UTF_8);
            try (ConfigurableApplicationContext app = start(copy.rules)) {
                RulesetHolder holder = app.getBean(RulesetHolder.class);
                assertThat(holder.current()).isEmpty();
                List<Problem> problems = holder.state().problems();
                assertThat(problems).isNotEmpty();
                // Named in the directory staff edit, not in the private copy the load read.
                assertThat(problems).anySatisfy(p -> {
                    assertThat(p.file()).endsWith("dibao.drl").startsWith(copy.rules.toString())
                            .doesNotContain("eligibility-rules-");
                    assertThat(p.line()).isGreaterThan(80);
                });
            }
        }
    }
}
