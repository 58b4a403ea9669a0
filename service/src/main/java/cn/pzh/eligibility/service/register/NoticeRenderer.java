package cn.pzh.eligibility.service.register;

import cn.pzh.eligibility.evaluation.Determination;
import cn.pzh.eligibility.input.Json;
import cn.pzh.eligibility.rules.Clause;
import cn.pzh.eligibility.service.web.AssessmentDates;
import cn.pzh.eligibility.store.DeterminationRecord;
import cn.pzh.eligibility.store.HouseholdVersion;
import cn.pzh.eligibility.store.IdNumbers;
import java.math.BigDecimal;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * The printable 告知书 of a recorded determination: who (names from the facts version the record read), what was
 * granted and what was not, the totals, the legal basis in the document's own words, and the family's appeal
 * rights. Made from the record alone, so a reprint years later says what was decided then. One A4 page for a
 * household of up to four members.
 */
@Component
public class NoticeRenderer {

    private static final Map<String, String> RELATIONS = Map.of("HEAD", "户主", "SPOUSE", "配偶", "CHILD", "子女",
            "PARENT", "父母", "GRANDCHILD", "孙子女", "GRANDPARENT", "祖父母", "SIBLING", "兄弟姐妹", "OTHER", "其他");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy年M月d日");

    public String render(DeterminationRecord r, HouseholdVersion facts) {
        Determination d = Json.MAPPER.readValue(r.determination(), Determination.class);
        JsonNode doc = facts.document();
        Map<String, String> names = new LinkedHashMap<>();
        String head = "";
        for (JsonNode m : doc.get("members")) {
            String name = text(m, "name");
            names.put(text(m, "memberId"), name);
            if ("HEAD".equals(text(m, "relation"))) {
                head = name;
            }
        }
        boolean refused = d.entitlements().isEmpty();
        String title = refused ? "社会救助不予批准告知书" : "社会救助待遇核定告知书";
        JsonNode a = doc.get("address");
        String address = text(doc, "county") + text(a, "township") + text(a, "village")
                + (a.has("detail") ? text(a, "detail") : "");
        StringBuilder b = new StringBuilder(6000);
        b.append("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>").append(title)
                .append("</title><style>")
                .append(css()).append("</style></head><body><main>");
        b.append("<h1>").append(title).append("</h1>");
        b.append("<p class=\"no\">核定记录编号：").append(r.recordId()).append("　核定日期：")
                .append(DATE.format(r.asOf())).append("</p>");
        b.append("<p>").append(esc(head)).append("（户主）：</p>");
        b.append("<p>住址：").append(esc(address)).append("。家庭编号：").append(esc(r.householdId())).append("。</p>");
        b.append("<h2>家庭成员</h2><table><thead><tr><th>姓名</th><th>与户主关系</th><th>公民身份号码</th></tr></thead><tbody>");
        for (JsonNode m : doc.get("members")) {
            b.append("<tr><td>").append(esc(text(m, "name"))).append("</td><td>")
                    .append(esc(RELATIONS.getOrDefault(text(m, "relation"), text(m, "relation")))).append("</td><td>")
                    .append(esc(m.has("idNumber") ? IdNumbers.mask(text(m, "idNumber")) : "（未登记）"))
                    .append("</td></tr>");
        }
        b.append("</tbody></table>");
        Set<String> basis = new LinkedHashSet<>();
        if (!refused) {
            b.append("<p>经审核，依据有关政策规定，你户自").append(DATE.format(r.asOf())).append("起享受以下救助待遇：</p>");
            b.append("<table><thead><tr><th>待遇</th><th>享受人</th><th>金额</th><th>发放</th></tr></thead><tbody>");
            for (Determination.Entitlement e : d.entitlements()) {
                basis.add(Clause.cite(e.clause()));
                b.append("<tr><td>").append(esc(e.name())).append("</td><td>")
                        .append(esc(e.memberId() == null ? "全户" : names.getOrDefault(e.memberId(), "")))
                        .append("</td><td class=\"n\">").append(money(e.amount())).append(" 元")
                        .append(unit(e.period())).append("</td><td>").append(period(e.period())).append("</td></tr>");
            }
            b.append("</tbody></table>");
            b.append("<p>合计：每月 ").append(money(d.totals().monthly())).append(" 元；按年发放 ")
                    .append(money(d.totals().annual())).append(" 元；一次性 ").append(money(d.totals().oneOff()))
                    .append(" 元；全年合计 ").append(money(d.totals().monthly().multiply(BigDecimal.valueOf(12))
                            .add(d.totals().annual()).add(d.totals().oneOff())))
                    .append(" 元（每月金额 × 12 + 按年 + 一次性）。</p>");
        } else {
            b.append("<p>经审核，你户申请的社会救助待遇不符合条件，决定不予批准。理由如下：</p>");
        }
        if (refused && d.notGranted().isEmpty()) {
            b.append("<h2>不予批准的理由</h2><p>按核定日期的家庭情况，没有符合条件的救助项目。</p>");
        }
        if (!d.notGranted().isEmpty()) {
            b.append("<h2>").append(refused ? "不予批准的理由" : "未予批准的项目及理由").append("</h2><table><tbody>");
            int shown = 0;
            for (Determination.NotGranted n : d.notGranted()) {
                if (shown++ >= 8) {
                    b.append("<tr><td colspan=\"2\">另有 ").append(d.notGranted().size() - 8)
                            .append(" 项，详见核定记录 ").append(r.recordId()).append("</td></tr>");
                    break;
                }
                basis.add(Clause.cite(n.clause()));
                b.append("<tr><td>").append(esc(n.name()))
                        .append(n.memberId() == null ? "" : "（" + esc(names.getOrDefault(n.memberId(), "")) + "）")
                        .append("</td><td>").append(esc(named(String.join("；", n.reasons()), names)))
                        .append("</td></tr>");
            }
            b.append("</tbody></table>");
        }
        b.append("<p>政策依据：").append(esc(String.join("；", basis))).append("。</p>");
        String county = text(doc, "county");
        b.append(appealRights(county));
        b.append("<div class=\"seal\"><div>经办人签字</div><div>（盖章）<br><br>")
                .append(DATE.format(r.determinedAt().atZone(AssessmentDates.ZONE).toLocalDate()))
                .append("</div></div>");
        b.append("</main></body></html>");
        return b.toString();
    }

    /** The notices' A4 page style: shared with the adjustment notices of a re-evaluation. */
    public static String css() {
        return "@page{size:A4;margin:14mm 16mm}body{font-family:'Noto Serif CJK SC','Songti SC',serif;"
                + "font-size:10.5pt;line-height:1.45;margin:0;color:#000}h1{font-size:16pt;text-align:center;"
                + "margin:0 0 2mm}p{margin:1.2mm 0}.no{text-align:right;font-size:9pt}table{width:100%;"
                + "border-collapse:collapse;margin:1.5mm 0}th,td{border:1px solid #000;padding:.6mm 1.5mm;"
                + "text-align:left;vertical-align:top}td.n{text-align:right;white-space:nowrap}"
                + "h2{font-size:11pt;margin:2.5mm 0 1mm}.seal{display:flex;justify-content:flex-end;gap:8mm;"
                + "margin-top:4mm}.seal div{border:1px dashed #666;width:42mm;height:30mm;text-align:center;"
                + "padding-top:2mm;box-sizing:border-box}.rights{font-size:9.5pt}"
                + "main{max-width:178mm;margin:0 auto}";
    }

    /** The family's appeal rights, the same words on every notice. */
    public static String appealRights(String county) {
        return "<h2>救济途径</h2><p class=\"rights\">如对本核定结果有异议，可向" + esc(county)
                + "民政局申请复核；也可以自收到本告知书之日起六十日内依照《中华人民共和国行政复议法》申请行政复议，"
                + "或者自收到本告知书之日起六个月内依照《中华人民共和国行政诉讼法》向人民法院提起行政诉讼。</p>";
    }

    /** A member's relation to the head in words. */
    public static String relation(String code) {
        return RELATIONS.getOrDefault(code, code);
    }

    private static final Pattern MEMBER_REF = Pattern.compile("\\b(m\\d+)\\b");

    /** Rule texts name members by memberId; the family reads names. */
    public static String named(String text, Map<String, String> names) {
        Matcher m = MEMBER_REF.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(names.getOrDefault(m.group(1), m.group(1))));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String unit(cn.pzh.eligibility.rules.Codes.Period p) {
        return p == null ? "" : switch (p) {
            case MONTHLY -> "/月";
            case ANNUAL -> "/年";
            case ONE_OFF -> "";
        };
    }

    private static String period(cn.pzh.eligibility.rules.Codes.Period p) {
        return p == null ? "" : switch (p) {
            case MONTHLY -> "按月发放";
            case ANNUAL -> "按年发放";
            case ONE_OFF -> "一次性发放";
        };
    }

    public static String money(BigDecimal v) {
        return String.format("%,.2f", v);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v == null || v.isNull() ? "" : v.asString();
    }

    public static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
