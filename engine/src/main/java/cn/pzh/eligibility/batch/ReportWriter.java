package cn.pzh.eligibility.batch;

import cn.pzh.eligibility.batch.ImpactAggregate.CodeStats;
import cn.pzh.eligibility.batch.ImpactAggregate.CountyStats;
import cn.pzh.eligibility.batch.ImpactAggregate.Top;
import cn.pzh.eligibility.model.Household;
import cn.pzh.eligibility.params.Format;
import cn.pzh.eligibility.rules.Codes;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The impact report for the bureau: one self-contained HTML file in Chinese, charts drawn as inline SVG (no script,
 * no network). Numbers that tests check carry stable element ids ({@code total-monthly-diff} …).
 */
final class ReportWriter {

    private ReportWriter() {
    }

    static void write(Path file, ImpactAggregate a, RulesetDiff rd, BatchOptions o, Checkpoint cp) throws IOException {
        Files.writeString(file, html(a, rd, o, cp), StandardCharsets.UTF_8);
    }

    static String html(ImpactAggregate a, RulesetDiff rd, BatchOptions o, Checkpoint cp) {
        Codes codes = o.rules().codes();
        StringBuilder h = new StringBuilder(32_000);
        h.append("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">")
                .append("<title>政策调整影响测算报告</title><style>")
                .append("body{font-family:'Noto Sans CJK SC','Microsoft YaHei',sans-serif;margin:2em auto;max-width:1100px;color:#222}")
                .append("h1{font-size:1.6em}h2{margin-top:2em;border-bottom:2px solid #c33;padding-bottom:.2em}")
                .append("table{border-collapse:collapse;margin:.8em 0;width:100%}th,td{border:1px solid #bbb;padding:.3em .6em;font-size:.92em}")
                .append("th{background:#f3f0ec}td.n{text-align:right;font-variant-numeric:tabular-nums}")
                .append(".up{color:#b00}.down{color:#06c}.note{color:#555;font-size:.9em}.cards{display:flex;gap:1em;flex-wrap:wrap}")
                .append(".card{border:1px solid #ccc;border-radius:6px;padding:.6em 1em;min-width:12em}.card b{font-size:1.4em;display:block}")
                .append("</style></head><body>\n");
        h.append("<h1>政策调整影响测算报告</h1>\n<p class=\"note\">基线：规则版本 ").append(esc(rd.versionBefore()))
                .append("，核定日期 ").append(rd.asOfBefore()).append("；调整后：规则版本 ").append(esc(rd.versionAfter()))
                .append("，核定日期 ").append(rd.asOfAfter()).append("。输入文件 ").append(esc(o.input().getFileName().toString()))
                .append("：读入 ").append(cp.households).append(" 户，两次核定均完成 ").append(a.households)
                .append(" 户，因数据错误未核定 ").append(cp.errors).append(" 户（见错误清单）。</p>\n");
        h.append("<p class=\"note\">口径：“年化费用”= 按月待遇 × 12 + 按年待遇 + 一次性待遇（一次性待遇按本次核定计一次）。")
                .append("“新增”指调整前未获得、调整后获得的待遇；“取消”指调整前获得、调整后不再获得；“金额变化”指两次都获得但金额不同。")
                .append("一户可同时属于多类。家庭待遇（低保兜底、临时救助）的变化计入该户全部成员的人数。</p>\n");

        // ---- headline cards
        BigDecimal mDiff = a.after.monthly.subtract(a.before.monthly);
        BigDecimal yDiff = a.after.annualized().subtract(a.before.annualized());
        h.append("<h2>一、总体情况</h2><div class=\"cards\">");
        card(h, "待遇有变化的家庭", "changed-households", a.changed + " 户");
        card(h, "新增待遇的家庭", "gaining-households", a.gaining + " 户（" + a.peopleGaining + " 人）");
        card(h, "取消待遇的家庭", "losing-households", a.losing + " 户（" + a.peopleLosing + " 人）");
        card(h, "金额变化的家庭", "changing-households", a.changing + " 户（" + a.peopleChanging + " 人）");
        card(h, "每月费用变化", "headline-monthly-diff", signed(mDiff) + " 元");
        card(h, "年化费用变化", "headline-annualized-diff", signed(yDiff) + " 元");
        h.append("</div>\n");
        h.append("<table><tr><th>费用</th><th>调整前（元）</th><th>调整后（元）</th><th>差额（元）</th></tr>");
        costRow(h, "按月待遇（每月）", "total-monthly", a.before.monthly, a.after.monthly);
        costRow(h, "按年待遇（每年）", "total-annual", a.before.annual, a.after.annual);
        costRow(h, "一次性待遇", "total-oneoff", a.before.oneOff, a.after.oneOff);
        costRow(h, "年化合计（月×12＋年＋一次性）", "total-annualized", a.before.annualized(), a.after.annualized());
        h.append("</table>\n");
        h.append("<p>年化费用增加的家庭 <span id=\"increased-households\">").append(a.increased)
                .append("</span> 户，减少的 <span id=\"decreased-households\">").append(a.decreased).append("</span> 户。</p>\n");

        // ---- per entitlement
        h.append("<h2>二、分待遇项目</h2><table><tr><th>待遇</th><th>周期</th><th>新增（人次/项）</th><th>取消</th>")
                .append("<th>金额变化</th><th>涉及家庭</th><th>涉及人数</th><th>调整前（元）</th><th>调整后（元）</th><th>差额（元）</th><th>年化差额（元）</th></tr>");
        List<String[]> bars = new ArrayList<>();
        for (Map.Entry<String, Codes.Code> e : codes.entitlements().entrySet()) {
            CodeStats c = a.codes.get(e.getKey());
            if (c == null) {
                continue;
            }
            String id = "code-" + e.getKey();
            BigDecimal d = c.after.subtract(c.before);
            h.append("<tr id=\"").append(id).append("\"><td>").append(esc(e.getValue().name())).append("</td><td>")
                    .append(period(c.period)).append("</td>").append(num(c.gain)).append(num(c.loss)).append(num(c.change))
                    .append(num(c.households)).append(num(c.people)).append(money(c.before)).append(money(c.after))
                    .append("<td class=\"n ").append(cls(d)).append("\" id=\"").append(id).append("-diff\">").append(signed(d))
                    .append("</td><td class=\"n\">").append(signed(c.annualized(d))).append("</td></tr>");
            bars.add(new String[] {e.getValue().name(), c.annualized(c.before).toPlainString(),
                    c.annualized(c.after).toPlainString()});
        }
        h.append("</table>\n<p class=\"note\">按月待遇的金额为每月数，按年待遇为每年数，一次性待遇为本次核定数；“年化差额”按口径折算为一年。</p>\n");
        h.append(pairedBars("各项待遇年化费用：调整前与调整后（元）", bars));

        // ---- per county
        h.append("<h2>三、分县区</h2><table><tr><th>县区</th><th>家庭数</th><th>有变化</th><th>新增</th><th>取消</th>")
                .append("<th>金额变化</th><th>涉及人数</th><th>每月费用 调整前</th><th>每月费用 调整后</th><th>每月差额</th><th>年化差额</th></tr>");
        List<String[]> countyBars = new ArrayList<>();
        for (String county : Household.COUNTIES) {
            CountyStats c = a.counties.get(county);
            if (c == null) {
                continue;
            }
            BigDecimal d = c.monthlyAfter.subtract(c.monthlyBefore);
            BigDecimal y = c.annualizedAfter.subtract(c.annualizedBefore);
            h.append("<tr id=\"county-").append(county).append("\"><td>").append(county).append("</td>")
                    .append(num(c.households)).append(num(c.changed)).append(num(c.gaining)).append(num(c.losing))
                    .append(num(c.changing)).append(num(c.people)).append(money(c.monthlyBefore)).append(money(c.monthlyAfter))
                    .append("<td class=\"n ").append(cls(d)).append("\" id=\"county-").append(county).append("-monthly-diff\">")
                    .append(signed(d)).append("</td><td class=\"n ").append(cls(y)).append("\">").append(signed(y)).append("</td></tr>");
            countyBars.add(new String[] {county, y.toPlainString()});
        }
        h.append("</table>\n");
        h.append(signedBars("各县区年化费用变化（元）", countyBars));

        // ---- distribution
        h.append("<h2>四、变化分布</h2>");
        List<String[]> hist = new ArrayList<>();
        for (int i = 0; i < a.histogram.length; i++) {
            String label = i == 0 ? "≤ " + ImpactAggregate.BUCKETS[0]
                    : i == ImpactAggregate.BUCKETS.length ? "> " + ImpactAggregate.BUCKETS[i - 1]
                    : ImpactAggregate.BUCKETS[i - 1] + " ~ " + ImpactAggregate.BUCKETS[i];
            hist.add(new String[] {label, String.valueOf(a.histogram[i])});
        }
        h.append(histogram("待遇有变化的家庭按年化费用变化分组（户数；区间为 (下限, 上限] 元）", hist));

        // ---- largest changes
        h.append("<h2>五、变化最大的家庭（前 ").append(ImpactAggregate.TOP).append(" 户，按年化变化的绝对值）</h2>")
                .append("<table><tr><th>输入行</th><th>户编号</th><th>县区</th><th>每月变化（元）</th><th>年化变化（元）</th><th>明细（调整前 → 调整后）</th></tr>");
        for (Top t : a.top) {
            h.append("<tr><td class=\"n\">").append(t.line).append("</td><td>").append(esc(t.householdId)).append("</td><td>")
                    .append(esc(t.county)).append("</td><td class=\"n ").append(cls(t.monthly)).append("\">").append(signed(t.monthly))
                    .append("</td><td class=\"n ").append(cls(t.annualized)).append("\">").append(signed(t.annualized))
                    .append("</td><td>").append(esc(t.summary)).append("</td></tr>");
        }
        h.append("</table>\n");

        // ---- what differs between the rulesets
        h.append("<h2>六、两套规则的差异</h2><h3>规则与参数文件</h3>");
        if (rd.files().isEmpty()) {
            h.append("<p>文件内容相同（仅核定日期不同）。</p>");
        } else {
            h.append("<table id=\"changed-files\"><tr><th>文件</th><th>变化</th></tr>");
            rd.files().forEach(f -> h.append("<tr><td>").append(esc(f.file())).append("</td><td>")
                    .append(change(f.change())).append("</td></tr>"));
            h.append("</table>");
        }
        h.append("<h3>规则</h3>");
        if (rd.rules().isEmpty()) {
            h.append("<p>规则内容没有变化。</p>");
        } else {
            h.append("<table id=\"changed-rules\"><tr><th>规则</th><th>文件</th><th>变化</th></tr>");
            rd.rules().forEach(r -> h.append("<tr><td>").append(esc(r.rule())).append("</td><td>").append(esc(r.file()))
                    .append("</td><td>").append(change(r.change())).append("</td></tr>"));
            h.append("</table>");
        }
        h.append("<h3>参数（按各自核定日期的取值）</h3>");
        if (rd.parameters().isEmpty()) {
            h.append("<p>参数取值没有变化。</p>");
        } else {
            h.append("<table id=\"changed-parameters\"><tr><th>参数</th><th>说明</th><th>调整前</th><th>调整后</th></tr>");
            rd.parameters().forEach(p -> h.append("<tr id=\"param-").append(esc(p.name())).append("\"><td>")
                    .append(esc(p.name())).append("</td><td>").append(esc(p.description())).append("</td><td>")
                    .append(esc(p.before())).append("</td><td>").append(esc(p.after()))
                    .append(p.history() ? "（核定日取值相同，其他时段的取值不同）" : "").append("</td></tr>"));
            h.append("</table>");
        }
        h.append("<p class=\"note\">逐户的变化明细（每项待遇调整前后金额、触发的规则与相关参数）见差异文件")
                .append(o.diff() == null ? "（本次未输出）" : "：" + esc(o.diff().getFileName().toString())).append("。</p>");
        h.append("</body></html>\n");
        return h.toString();
    }

    // ------------------------------------------------------------------ pieces

    private static void card(StringBuilder h, String title, String id, String value) {
        h.append("<div class=\"card\">").append(title).append("<b id=\"").append(id).append("\">").append(value)
                .append("</b></div>");
    }

    private static void costRow(StringBuilder h, String label, String id, BigDecimal before, BigDecimal after) {
        BigDecimal d = after.subtract(before);
        h.append("<tr><td>").append(label).append("</td><td class=\"n\" id=\"").append(id).append("-before\">")
                .append(Format.money(before)).append("</td><td class=\"n\" id=\"").append(id).append("-after\">")
                .append(Format.money(after)).append("</td><td class=\"n ").append(cls(d)).append("\" id=\"").append(id)
                .append("-diff\">").append(signed(d)).append("</td></tr>");
    }

    private static String num(long v) {
        return "<td class=\"n\">" + v + "</td>";
    }

    private static String money(BigDecimal v) {
        return "<td class=\"n\">" + Format.money(v) + "</td>";
    }

    static String signed(BigDecimal v) {
        return (v.signum() > 0 ? "+" : "") + Format.money(v);
    }

    private static String cls(BigDecimal v) {
        return v.signum() > 0 ? "up" : v.signum() < 0 ? "down" : "";
    }

    private static String period(String p) {
        return switch (p) {
            case "MONTHLY" -> "按月";
            case "ANNUAL" -> "按年";
            case "ONE_OFF" -> "一次性";
            default -> p;
        };
    }

    private static String change(String c) {
        return switch (c) {
            case "ADDED" -> "新增";
            case "REMOVED" -> "删除";
            default -> "修改";
        };
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** Horizontal bars, two per row (before grey, after red), scaled to the largest value. */
    private static String pairedBars(String title, List<String[]> rows) {
        int rowH = 34;
        int labelW = 300;
        int barW = 560;
        int height = 40 + rows.size() * rowH + 30;
        double max = 1;
        for (String[] r : rows) {
            max = Math.max(max, Math.max(Double.parseDouble(r[1]), Double.parseDouble(r[2])));
        }
        StringBuilder s = svgStart(title, labelW + barW + 140, height);
        int y = 40;
        for (String[] r : rows) {
            double b = Double.parseDouble(r[1]);
            double a = Double.parseDouble(r[2]);
            s.append(text(labelW - 8, y + 18, esc(r[0]), "end"));
            s.append(rect(labelW, y + 2, barW * b / max, 13, "#999"));
            s.append(rect(labelW, y + 16, barW * a / max, 13, "#c33"));
            s.append(text(labelW + barW * b / max + 4, y + 13, Format.money(BigDecimal.valueOf(b)), "start"));
            s.append(text(labelW + barW * a / max + 4, y + 27, Format.money(BigDecimal.valueOf(a)), "start"));
            y += rowH;
        }
        s.append(rect(labelW, y + 6, 12, 12, "#999")).append(text(labelW + 16, y + 16, "调整前", "start"));
        s.append(rect(labelW + 90, y + 6, 12, 12, "#c33")).append(text(labelW + 106, y + 16, "调整后", "start"));
        return s.append("</svg>\n").toString();
    }

    /** Horizontal bars around a zero line: increases to the right in red, decreases to the left in blue. */
    private static String signedBars(String title, List<String[]> rows) {
        int rowH = 28;
        int labelW = 120;
        int half = 320;
        double max = 1;
        for (String[] r : rows) {
            max = Math.max(max, Math.abs(Double.parseDouble(r[1])));
        }
        StringBuilder s = svgStart(title, labelW + 2 * half + 160, 40 + rows.size() * rowH + 10);
        int zero = labelW + half;
        int y = 40;
        for (String[] r : rows) {
            double v = Double.parseDouble(r[1]);
            double w = half * Math.abs(v) / max;
            s.append(text(labelW - 8, y + 16, esc(r[0]), "end"));
            s.append(rect(v >= 0 ? zero : zero - w, y + 4, w, 16, v >= 0 ? "#c33" : "#36c"));
            s.append(text(v >= 0 ? zero + w + 4 : zero - w - 4, y + 16, signed(BigDecimal.valueOf(v)),
                    v >= 0 ? "start" : "end"));
            y += rowH;
        }
        s.append("<line x1=\"").append(zero).append("\" y1=\"34\" x2=\"").append(zero).append("\" y2=\"").append(y)
                .append("\" stroke=\"#333\"/>");
        return s.append("</svg>\n").toString();
    }

    /** Vertical bars, one per bucket, with the count above each. */
    private static String histogram(String title, List<String[]> buckets) {
        int bw = 70;
        int chartH = 220;
        long max = 1;
        for (String[] b : buckets) {
            max = Math.max(max, Long.parseLong(b[1]));
        }
        StringBuilder s = svgStart(title, 40 + buckets.size() * bw + 20, chartH + 110);
        int x = 40;
        int base = 50 + chartH;
        for (String[] b : buckets) {
            long v = Long.parseLong(b[1]);
            double hgt = chartH * (double) v / max;
            boolean negative = b[0].startsWith("≤") || b[0].startsWith("-");
            s.append(rect(x + 6, base - hgt, bw - 12, hgt, negative ? "#36c" : "#c33"));
            s.append(text(x + bw / 2.0, base - hgt - 4, String.valueOf(v), "middle"));
            s.append("<text x=\"").append(x + bw / 2.0).append("\" y=\"").append(base + 14)
                    .append("\" font-size=\"11\" text-anchor=\"end\" transform=\"rotate(-35 ").append(x + bw / 2.0)
                    .append(' ').append(base + 14).append(")\">").append(esc(b[0])).append("</text>");
            x += bw;
        }
        s.append("<line x1=\"40\" y1=\"").append(base).append("\" x2=\"").append(x).append("\" y2=\"").append(base)
                .append("\" stroke=\"#333\"/>");
        return s.append("</svg>\n").toString();
    }

    private static StringBuilder svgStart(String title, int w, int h) {
        StringBuilder s = new StringBuilder();
        s.append("<figure><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(w).append("\" height=\"").append(h)
                .append("\" viewBox=\"0 0 ").append(w).append(' ').append(h).append("\" role=\"img\">")
                .append("<title>").append(esc(title)).append("</title>")
                .append(text(10, 20, esc(title), "start").replace("font-size=\"12\"", "font-size=\"15\" font-weight=\"bold\""));
        return s;
    }

    private static String rect(double x, double y, double w, double h, String fill) {
        return String.format(java.util.Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>", x, y,
                Math.max(w, 0), Math.max(h, 0), fill);
    }

    private static String text(double x, double y, String t, String anchor) {
        return String.format(java.util.Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" text-anchor=\"%s\">%s</text>", x, y, anchor, t);
    }
}
