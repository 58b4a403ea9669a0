package cn.pzh.eligibility.service.reeval;

import cn.pzh.eligibility.evaluation.Determination;
import cn.pzh.eligibility.input.Json;
import cn.pzh.eligibility.rules.Clause;
import cn.pzh.eligibility.service.register.NoticeRenderer;
import cn.pzh.eligibility.service.web.AssessmentDates;
import cn.pzh.eligibility.store.HouseholdVersion;
import cn.pzh.eligibility.store.IdNumbers;
import cn.pzh.eligibility.store.Reevaluations;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * 调整告知书 / 停发告知书 of a confirmed re-evaluation item: the head and address, the members by name and relation
 * (identity numbers masked), each changed grant before and after, the date it takes effect, the reason in words (the
 * parameter or rule that changed, with the document that sets it) and the appeal rights of the decision notice. One
 * A4 page per household; a township's bulk print is the pages in one document, each section breaking after itself.
 */
@Component
public class AdjustmentNoticeRenderer {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy年M月d日");

    public String single(Reevaluations.Run run, Reevaluations.Item item, HouseholdVersion facts) {
        return document(title(item), page(run, item, facts));
    }

    public String bulk(Reevaluations.Run run, String township, List<Reevaluations.Item> items,
            java.util.function.Function<Reevaluations.Item, HouseholdVersion> facts) {
        StringBuilder b = new StringBuilder();
        for (Reevaluations.Item i : items) {
            b.append(page(run, i, facts.apply(i)));
        }
        if (items.isEmpty()) {
            b.append("<section class=\"page\"><p>").append(NoticeRenderer.esc(township))
                    .append("在本次重新核定中没有已确认的调整事项。</p></section>");
        }
        return document(township + " 调整告知书（" + items.size() + " 户）", b.toString());
    }

    private static String title(Reevaluations.Item i) {
        return "STOPPED".equals(i.kind()) ? "社会救助待遇停发告知书" : "社会救助待遇调整告知书";
    }

    private static String document(String title, String body) {
        return "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>" + NoticeRenderer.esc(title)
                + "</title><style>" + NoticeRenderer.css()
                + ".page{break-after:page;page-break-after:always}.page:last-child{break-after:auto;"
                + "page-break-after:auto}</style></head><body><main>" + body + "</main></body></html>";
    }

    private String page(Reevaluations.Run run, Reevaluations.Item item, HouseholdVersion facts) {
        JsonNode doc = facts.document();
        Map<String, String> names = new LinkedHashMap<>();
        String head = "";
        for (JsonNode m : doc.get("members")) {
            names.put(text(m, "memberId"), text(m, "name"));
            if ("HEAD".equals(text(m, "relation"))) {
                head = text(m, "name");
            }
        }
        JsonNode a = doc.get("address");
        String county = text(doc, "county");
        String address = county + text(a, "township") + text(a, "village") + (a.has("detail") ? text(a, "detail") : "");
        LocalDate effective = run.asOf();
        StringBuilder b = new StringBuilder(6000);
        b.append("<section class=\"page\">");
        b.append("<h1>").append(title(item)).append("</h1>");
        b.append("<p class=\"no\">核定记录编号：").append(item.recordId()).append("　重新核定批次：").append(run.id())
                .append("</p>");
        b.append("<p>").append(esc(head)).append("（户主）：</p>");
        b.append("<p>住址：").append(esc(address)).append("。家庭编号：").append(esc(item.householdId())).append("。</p>");
        b.append("<h2>家庭成员</h2><table><thead><tr><th>姓名</th><th>与户主关系</th><th>公民身份号码</th></tr></thead><tbody>");
        for (JsonNode m : doc.get("members")) {
            b.append("<tr><td>").append(esc(text(m, "name"))).append("</td><td>")
                    .append(esc(NoticeRenderer.relation(text(m, "relation")))).append("</td><td>")
                    .append(esc(m.has("idNumber") ? IdNumbers.mask(text(m, "idNumber")) : "（未登记）"))
                    .append("</td></tr>");
        }
        b.append("</tbody></table>");
        boolean stopped = "STOPPED".equals(item.kind());
        b.append("<p>经重新核定，你户的社会救助待遇自").append(DATE.format(effective))
                .append(stopped ? "起停止发放，明细如下：</p>" : "起调整如下：</p>");
        b.append("<table><thead><tr><th>待遇</th><th>享受人</th><th>调整前</th><th>调整后</th><th>变化</th></tr></thead><tbody>");
        Set<String> reasons = new LinkedHashSet<>();
        for (ReevaluationViews.ChangeView c : ReevaluationViews.changes(item)) {
            reasons.addAll(c.attribution());
            String unit = unit(c.period());
            b.append("<tr><td>").append(esc(c.name())).append("</td><td>")
                    .append(esc(c.memberId() == null ? "全户" : names.getOrDefault(c.memberId(), "")))
                    .append("</td><td class=\"n\">").append(c.before() == null ? "—" : money(c.before()) + " 元" + unit)
                    .append("</td><td class=\"n\">").append(c.after() == null ? "停发" : money(c.after()) + " 元" + unit)
                    .append("</td><td>").append(c.kindLabel()).append("</td></tr>");
        }
        b.append("</tbody></table>");
        b.append("<p>每月合计：调整前 ").append(money(item.beforeMonthly())).append(" 元，调整后 ")
                .append(money(item.afterMonthly())).append(" 元；按年发放：调整前 ").append(money(item.beforeAnnual()))
                .append(" 元，调整后 ").append(money(item.afterAnnual())).append(" 元。</p>");
        b.append("<h2>调整原因</h2><p>").append(esc(NoticeRenderer.named(String.join("；", reasons), names)))
                .append("。</p>");
        Determination d = Json.MAPPER.readValue(item.determination(), Determination.class);
        Set<String> basis = new LinkedHashSet<>();
        d.entitlements().forEach(e -> basis.add(Clause.cite(e.clause())));
        if (!basis.isEmpty()) {
            b.append("<p>政策依据：").append(esc(String.join("；", basis))).append("。</p>");
        }
        b.append(NoticeRenderer.appealRights(county));
        b.append("<div class=\"seal\"><div>经办人签字</div><div>（盖章）<br><br>")
                .append(item.confirmedAt() == null ? ""
                        : DATE.format(item.confirmedAt().atZone(AssessmentDates.ZONE).toLocalDate()))
                .append("</div></div>");
        b.append("</section>");
        return b.toString();
    }

    private static String unit(String period) {
        return period == null ? "" : switch (period) {
            case "MONTHLY" -> "/月";
            case "ANNUAL" -> "/年";
            default -> "";
        };
    }

    private static String money(BigDecimal v) {
        return NoticeRenderer.money(v);
    }

    private static String esc(String s) {
        return NoticeRenderer.esc(s);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v == null || v.isNull() ? "" : v.asString();
    }
}
