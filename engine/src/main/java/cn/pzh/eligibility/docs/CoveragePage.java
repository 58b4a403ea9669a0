package cn.pzh.eligibility.docs;

import cn.pzh.eligibility.check.Coverage;
import cn.pzh.eligibility.check.Coverage.ClauseRow;
import cn.pzh.eligibility.check.Coverage.RuleRow;
import cn.pzh.eligibility.rules.Clause;
import java.util.List;

/** Which rules and clauses the test-cases reach, as a page of the rules book and of {@code test --coverage}. */
public final class CoveragePage {

    private CoveragePage() {
    }

    /** The coverage tables as a Chinese HTML page. */
    public static String of(Coverage coverage, String rulesetVersion, String casesDir) {
        StringBuilder b = new StringBuilder();
        b.append(Html.head("测试案例覆盖情况"));
        b.append("<h1>测试案例覆盖情况</h1>\n<p>规则版本 <code>").append(Html.esc(rulesetVersion)).append("</code>；测试案例目录 <code>")
                .append(Html.esc(casesDir)).append("</code>，共 ").append(coverage.caseCount()).append(" 个案例。")
                .append("某案例核定时规则被触发，即计为该案例覆盖该规则；条款的任一规则被触发，即计为覆盖该条款。"
                        + "输入错误（被拒绝）的案例不覆盖任何规则。</p>\n");
        List<RuleRow> ur = coverage.unexercisedRules();
        List<ClauseRow> uc = coverage.unexercisedClauses();
        if (ur.isEmpty() && uc.isEmpty()) {
            b.append("<p class=\"ok\">全部 ").append(coverage.rules().size()).append(" 条规则、").append(coverage.clauses().size())
                    .append(" 个条款均有测试案例覆盖。</p>\n");
        } else {
            b.append("<div class=\"bad\"><p>以下规则和条款没有任何测试案例覆盖：</p><ul>\n");
            for (RuleRow r : ur) {
                b.append("<li>规则 ").append(Html.esc(r.rule().name())).append("（").append(Html.esc(r.rule().file()))
                        .append(':').append(r.rule().line()).append("）</li>\n");
            }
            for (ClauseRow c : uc) {
                b.append("<li>条款 ").append(Html.esc(c.clause())).append(" ").append(Html.esc(Clause.cite(c.clause())))
                        .append("</li>\n");
            }
            b.append("</ul></div>\n");
        }
        b.append("<h2>按条款</h2>\n<table>\n<tr><th>条款</th><th>原文出处</th><th>规则数</th><th>覆盖案例数</th></tr>\n");
        for (ClauseRow c : coverage.clauses()) {
            b.append("<tr").append(c.count() == 0 ? " class=\"zero\"" : "").append("><td>").append(Html.esc(c.clause()))
                    .append("</td><td>").append(Html.esc(Clause.cite(c.clause()))).append("</td><td class=\"n\">")
                    .append(c.rules().size()).append("</td><td class=\"n\">").append(c.count()).append("</td></tr>\n");
        }
        b.append("</table>\n<h2>按规则</h2>\n<table>\n<tr><th>条款</th><th>规则</th><th>文件:行</th><th>覆盖案例数</th></tr>\n");
        for (RuleRow r : coverage.rules()) {
            b.append("<tr").append(r.count() == 0 ? " class=\"zero\"" : "").append("><td>")
                    .append(Html.esc(String.valueOf(r.rule().clause()))).append("</td><td>").append(Html.esc(r.rule().name()))
                    .append("</td><td><code>").append(Html.esc(r.rule().file())).append(':').append(r.rule().line())
                    .append("</code></td><td class=\"n\" title=\"").append(Html.esc(String.join("\n", r.cases())))
                    .append("\">").append(r.count()).append("</td></tr>\n");
        }
        b.append("</table>\n").append(Html.foot());
        return b.toString();
    }
}
