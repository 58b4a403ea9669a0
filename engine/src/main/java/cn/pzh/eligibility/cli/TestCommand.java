package cn.pzh.eligibility.cli;

import cn.pzh.eligibility.check.Coverage;
import cn.pzh.eligibility.evaluation.Ruleset;
import cn.pzh.eligibility.testcases.TestCaseRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "test", mixinStandardHelpOptions = true,
        description = "运行测试案例：逐个核定 test-cases 中的家庭，并与手工算出的预期结果比对。")
final class TestCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--rules", description = "rules directory (default: ./rules)", defaultValue = "rules")
    Path rules;

    @Option(names = "--coverage", description = "after the test-cases, list every rule and clause with the number of"
            + " cases that exercised it（列出每条规则、每个条款被多少个案例覆盖）")
    boolean coverage;

    @Option(names = "--html", paramLabel = "FILE", description = "also write the coverage table as a Chinese HTML page"
            + " (implies --coverage)（同时写出 HTML 覆盖表）")
    Path html;

    @Parameters(arity = "0..1", paramLabel = "DIR", description = "test-cases directory (default: ./test-cases)",
            defaultValue = "test-cases")
    Path dir;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (!Files.isDirectory(dir)) {
            throw new Main.UserError(dir + ": test-cases directory not found（找不到测试案例目录）");
        }
        Ruleset ruleset = Ruleset.load(rules);
        List<Path> files = TestCaseRunner.find(dir);
        int passed = 0;
        int failed = 0;
        boolean traced = coverage || html != null;
        Map<String, List<String>> fired = new LinkedHashMap<>();
        for (Path f : files) {
            TestCaseRunner.Result r;
            if (traced) {
                TestCaseRunner.Traced t = TestCaseRunner.runTraced(ruleset, f, f.toString());
                r = t.result();
                fired.put(f.toString(), t.firedRules());
            } else {
                r = TestCaseRunner.run(ruleset, f, f.toString());
            }
            if (r.passed()) {
                passed++;
            } else {
                failed++;
                out.println("FAIL 未通过 " + r.file() + "（" + r.name() + "）");
                r.failures().forEach(m -> out.println("  " + m));
            }
        }
        out.println("ruleset " + ruleset.version() + ", " + files.size() + " test-cases under " + dir + "（规则集 "
                + ruleset.version() + "，" + dir + " 下共 " + files.size() + " 个测试案例）");
        // CI and scripts read this line: its words stay as they are, the Chinese goes on the next line.
        out.println(passed + " passed, " + failed + " failed");
        out.println("通过 " + passed + " 个，未通过 " + failed + " 个" + (failed > 0 ? "：请对照上面列出的案例修改规则、参数或预期结果" : ""));
        if (traced) {
            Coverage cov = Coverage.of(ruleset.rules(), fired);
            out.print(cov.text());
            if (html != null) {
                Path parent = html.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                Files.writeString(html, cn.pzh.eligibility.docs.CoveragePage.of(cov, ruleset.version(), dir.toString()), StandardCharsets.UTF_8);
                out.println("coverage table written to " + html + "（覆盖表已写入 " + html + "）");
            }
        }
        out.flush();
        return failed > 0 ? Main.FAILED : Main.OK;
    }
}
