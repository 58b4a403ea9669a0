package cn.pzh.eligibility.cli;

import cn.pzh.eligibility.check.Checker;
import cn.pzh.eligibility.params.Problem;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = "检查规则目录：规则能否编译、参数文件、参数与代码是否定义和使用、条款标注、规则中写死的数值、"
                + "重复授予、说明文字模板（wording.yaml）与规则是否一致。每条结果为 file:line: error|warning: message；"
                + "有错误时退出码为 1。")
final class CheckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--rules", description = "rules directory (default: ./rules)", defaultValue = "rules")
    Path rules;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<Problem> problems = Checker.check(rules);
        problems.forEach(p -> out.println(p + (Main.rulesDirectoryMissing(p) ? Main.RULES_HINT : "")));
        long errors = problems.stream().filter(p -> p.severity() == Problem.Severity.error).count();
        long warnings = problems.size() - errors;
        out.println(rules + ": " + errors + " error(s), " + warnings + " warning(s)（" + errors + " 个错误，" + warnings
                + " 个警告）");
        out.flush();
        return errors > 0 ? Main.FAILED : Main.OK;
    }
}
