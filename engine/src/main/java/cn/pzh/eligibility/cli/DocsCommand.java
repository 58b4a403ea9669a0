package cn.pzh.eligibility.cli;

import cn.pzh.eligibility.docs.RulesBook;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "docs", mixinStandardHelpOptions = true,
        description = "生成规则手册：按条款列出原文、编码规则（条件的文字说明）、所用参数的全部取值与依据、测试案例，"
                + "写成静态 HTML 页面（不需联网）。")
final class DocsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output directory（输出目录）")
    Path out;

    @Option(names = "--rules", description = "rules directory (default: ./rules)", defaultValue = "rules")
    Path rules;

    @Option(names = "--cases", paramLabel = "DIR", description = "test-cases directory (default: ./test-cases;"
            + " left out of the book when absent)", defaultValue = "test-cases")
    Path cases;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        List<Path> files = RulesBook.write(rules, Files.isDirectory(cases) ? cases : null, this.out);
        out.println(files.size() + " pages written to " + this.out + "（已写出 " + files.size() + " 个页面，目录页 "
                + this.out.resolve("index.html") + "）");
        out.flush();
        return Main.OK;
    }
}
