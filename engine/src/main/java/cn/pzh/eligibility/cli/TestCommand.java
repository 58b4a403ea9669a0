package cn.pzh.eligibility.cli;

import java.nio.file.Path;
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
        throw new UnsupportedOperationException("not yet");
    }
}
