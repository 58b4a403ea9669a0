package cn.pzh.eligibility.cli;

import cn.pzh.eligibility.rules.Ruleset;
import cn.pzh.eligibility.testcases.TestCaseRunner;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

    @Parameters(arity = "0..1", paramLabel = "DIR", description = "test-cases directory (default: ./test-cases)",
            defaultValue = "test-cases")
    Path dir;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (!Files.isDirectory(dir)) {
            throw new Main.UserError(dir + ": test-cases directory not found（找不到测试案例目录）");
        }
        Ruleset ruleset = Ruleset.load(rules);
        List<Path> files = TestCaseRunner.find(dir);
        int passed = 0;
        int failed = 0;
        for (Path f : files) {
            TestCaseRunner.Result r = TestCaseRunner.run(ruleset, f, f.toString());
            if (r.passed()) {
                passed++;
            } else {
                failed++;
                out.println("FAIL " + r.file() + "（" + r.name() + "）");
                r.failures().forEach(m -> out.println("  " + m));
            }
        }
        out.println("ruleset " + ruleset.version() + ", " + files.size() + " test-cases under " + dir);
        out.println(passed + " passed, " + failed + " failed");
        out.flush();
        return failed > 0 ? Main.FAILED : Main.OK;
    }
}
