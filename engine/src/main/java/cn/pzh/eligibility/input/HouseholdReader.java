package cn.pzh.eligibility.input;

import cn.pzh.eligibility.model.Certificate;
import cn.pzh.eligibility.model.Disability;
import cn.pzh.eligibility.model.DisabilityCategory;
import cn.pzh.eligibility.model.Hardship;
import cn.pzh.eligibility.model.HardshipCause;
import cn.pzh.eligibility.model.Household;
import cn.pzh.eligibility.model.HousingSafety;
import cn.pzh.eligibility.model.Income;
import cn.pzh.eligibility.model.IncomeType;
import cn.pzh.eligibility.model.LaborCapacity;
import cn.pzh.eligibility.model.MedicalCost;
import cn.pzh.eligibility.model.MedicalKind;
import cn.pzh.eligibility.model.Member;
import cn.pzh.eligibility.model.PovertyStatus;
import cn.pzh.eligibility.model.Residence;
import cn.pzh.eligibility.model.Student;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Turns household JSON into a {@link Household}, or refuses it with every field error at once. Reads the tree by
 * hand rather than by data binding so that each error names its exact path and nothing is silently defaulted
 * that the contract does not default.
 */
public final class HouseholdReader {

    /** The largest amount accepted: keeps hostile exponents (1e999999999) out of BigDecimal arithmetic. */
    private static final BigDecimal MAX_AMOUNT = new BigDecimal("999999999999.99");
    private static final int MAX_TEXT = 200;
    /** Far above any real household; keeps a hostile document from costing the evaluation unbounded work. */
    private static final int MAX_LIST = 200;

    private static final Set<String> HOUSEHOLD_FIELDS = Set.of("householdId", "county", "residence", "povertyStatus",
            "receivesDibao", "incomes", "housingSafety", "safeDrinkingWater", "hardship", "members", "returnedDate");
    private static final Set<String> INCOME_FIELDS = Set.of("type", "annualAmount");
    private static final Set<String> HARDSHIP_FIELDS = Set.of("cause", "date", "uncoveredExpense");
    private static final Set<String> MEMBER_FIELDS = Set.of("memberId", "birthDate", "relation", "laborCapacity",
            "employed", "student", "boarding", "disability", "seriousIllness", "chronicIllness", "employeePension",
            "residentPensionEnrolled", "receivesBasicPension", "extremelyPoorSupported", "orphanGuarantee",
            "workInjuryNursingFee", "medicalCosts");
    private static final Set<String> DISABILITY_FIELDS = Set.of("certificate", "grade", "category", "needsLongTermCare");
    private static final Set<String> MEDICAL_FIELDS = Set.of("date", "kind", "inCounty", "total", "basicInsurance",
            "seriousIllnessInsurance", "otherReimbursement");

    /** Each contract enum's values by name, in declaration order; read for every field, so computed once. */
    private static final ClassValue<Map<String, Enum<?>>> ENUMS = new ClassValue<>() {
        @Override
        protected Map<String, Enum<?>> computeValue(Class<?> type) {
            Map<String, Enum<?>> byName = new java.util.LinkedHashMap<>();
            for (Object e : type.getEnumConstants()) {
                byName.put(((Enum<?>) e).name(), (Enum<?>) e);
            }
            return java.util.Collections.unmodifiableMap(byName);
        }
    };

    private HouseholdReader() {
    }

    /** Parses one household from JSON text. */
    public static Household parse(String json) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(json);
        } catch (JacksonException e) {
            throw new InvalidHouseholdException(null, List.of(syntaxError(e)));
        }
        return read(node);
    }

    /** The error for text that is not JSON at all, with the position the parser stopped at. */
    public static FieldError syntaxError(JacksonException e) {
        String where = e.getLocation() == null ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
        String first = e.getOriginalMessage() == null ? "unreadable" : e.getOriginalMessage().lines().findFirst().orElse("");
        return new FieldError("$", "not valid JSON" + where + ": " + first,
                "不是有效的 JSON" + (where.isEmpty() ? "" : "（" + where.trim() + "）"));
    }

    /**
     * Exactly YYYY-MM-DD (ASCII digits) and a real day, else null: what {@code LocalDate.parse} checks behind a
     * pattern, without a formatter or a regex on the path of every date of every household.
     */
    static LocalDate isoDate(String s) {
        if (s.length() != 10 || s.charAt(4) != '-' || s.charAt(7) != '-') {
            return null;
        }
        int y = digits(s, 0, 4);
        int m = digits(s, 5, 7);
        int d = digits(s, 8, 10);
        if (y < 0 || m < 0 || d < 0) {
            return null;
        }
        try {
            return LocalDate.of(y, m, d);
        } catch (java.time.DateTimeException e) {
            return null;
        }
    }

    private static int digits(String s, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    /** Reads one household from a parsed JSON tree. */
    public static Household read(JsonNode node) {
        Walker w = new Walker();
        if (node == null || !node.isObject()) {
            throw new InvalidHouseholdException(null, List.of(new FieldError("$",
                    "a household must be a JSON object", "家庭信息必须是一个 JSON 对象")));
        }
        String id = w.text(node, "", "householdId", true);
        w.unknown(node, "", HOUSEHOLD_FIELDS);
        String county = w.text(node, "", "county", true);
        if (county != null && !Household.COUNTIES.contains(county)) {
            w.error("county", "unknown county '" + county + "', expected one of " + String.join(" ", Household.COUNTIES),
                    "未知的县区“" + county + "”，应为 " + String.join("、", Household.COUNTIES) + " 之一");
        }
        Residence residence = w.enumeration(node, "", "residence", Residence.class, null, true);
        PovertyStatus status = w.enumeration(node, "", "povertyStatus", PovertyStatus.class, null, true);
        LocalDate returnedDate = w.date(node, "", "returnedDate", false);
        JsonNode given = node.get("returnedDate");
        if (status == PovertyStatus.RETURNED && (given == null || given.isNull())) {
            w.error("returnedDate", "is required when povertyStatus is RETURNED (the date the household was registered"
                    + " again)", "返贫户必须填写返贫日期（重新建档立卡的日期）");
        }
        if (returnedDate != null && status != null && status != PovertyStatus.RETURNED) {
            w.error("returnedDate", "is only for a RETURNED household (povertyStatus is " + status + ")",
                    "只有返贫户（povertyStatus 为 RETURNED）填写返贫日期，该户为" + status.label());
        }
        boolean receivesDibao = w.bool(node, "", "receivesDibao");
        List<Income> incomes = new ArrayList<>();
        List<JsonNode> incomeNodes = w.array(node, "", "incomes", false);
        for (int i = 0; i < incomeNodes.size(); i++) {
            String p = "incomes[" + i + "]";
            JsonNode in = incomeNodes.get(i);
            if (!w.object(in, p)) {
                continue;
            }
            w.unknown(in, p, INCOME_FIELDS);
            incomes.add(new Income(w.enumeration(in, p, "type", IncomeType.class, null, true),
                    w.money(in, p, "annualAmount", true)));
        }
        HousingSafety housing = w.enumeration(node, "", "housingSafety", HousingSafety.class, null, false);
        Boolean water = w.optionalBool(node, "", "safeDrinkingWater");
        Hardship hardship = null;
        JsonNode h = node.get("hardship");
        if (h != null && !h.isNull() && w.object(h, "hardship")) {
            w.unknown(h, "hardship", HARDSHIP_FIELDS);
            hardship = new Hardship(w.enumeration(h, "hardship", "cause", HardshipCause.class, null, true),
                    w.date(h, "hardship", "date", true), w.money(h, "hardship", "uncoveredExpense", true));
        }
        List<Member> members = new ArrayList<>();
        List<JsonNode> memberNodes = w.array(node, "", "members", true);
        if (memberNodes.isEmpty() && node.has("members") && node.get("members").isArray()) {
            w.error("members", "a household has at least one member", "家庭至少要有一名成员");
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < memberNodes.size(); i++) {
            String p = "members[" + i + "]";
            JsonNode m = memberNodes.get(i);
            if (!w.object(m, p)) {
                continue;
            }
            Member member = member(w, m, p);
            if (member.memberId() != null) {
                Integer earlier = seen.putIfAbsent(member.memberId(), i);
                if (earlier != null) {
                    w.error(p + ".memberId", "duplicate memberId '" + member.memberId() + "' (also members[" + earlier + "])",
                            "成员编号“" + member.memberId() + "”重复（与 members[" + earlier + "] 相同）");
                }
            }
            members.add(member);
        }
        if (!w.errors.isEmpty()) {
            throw new InvalidHouseholdException(id, w.errors);
        }
        return new Household(id, county, residence, status, receivesDibao, incomes, housing, water, hardship, members,
                returnedDate);
    }

    private static Member member(Walker w, JsonNode m, String p) {
        w.unknown(m, p, MEMBER_FIELDS);
        String memberId = w.text(m, p, "memberId", true);
        LocalDate birth = w.date(m, p, "birthDate", true);
        String relation = w.text(m, p, "relation", false);
        LaborCapacity labor = w.enumeration(m, p, "laborCapacity", LaborCapacity.class, null, false);
        Student student = w.enumeration(m, p, "student", Student.class, Student.NONE, false);
        Disability disability = Disability.NONE;
        JsonNode d = m.get("disability");
        String dp = p + ".disability";
        if (d != null && !d.isNull() && w.object(d, dp)) {
            w.unknown(d, dp, DISABILITY_FIELDS);
            Certificate cert = w.enumeration(d, dp, "certificate", Certificate.class, null, true);
            boolean certified = cert != null && cert != Certificate.NONE;
            Integer grade = w.integer(d, dp, "grade", certified, 1, 4);
            DisabilityCategory category = w.enumeration(d, dp, "category", DisabilityCategory.class, null, certified);
            disability = new Disability(cert == null ? Certificate.NONE : cert, grade, category,
                    w.bool(d, dp, "needsLongTermCare"));
        }
        List<MedicalCost> costs = new ArrayList<>();
        List<JsonNode> costNodes = w.array(m, p, "medicalCosts", false);
        for (int i = 0; i < costNodes.size(); i++) {
            String cp = p + ".medicalCosts[" + i + "]";
            JsonNode c = costNodes.get(i);
            if (!w.object(c, cp)) {
                continue;
            }
            w.unknown(c, cp, MEDICAL_FIELDS);
            MedicalCost cost = new MedicalCost(w.date(c, cp, "date", true),
                    w.enumeration(c, cp, "kind", MedicalKind.class, null, true), w.bool(c, cp, "inCounty"),
                    w.money(c, cp, "total", true), w.money(c, cp, "basicInsurance", true),
                    w.money(c, cp, "seriousIllnessInsurance", true), w.money(c, cp, "otherReimbursement", true));
            if (cost.total() != null && cost.basicInsurance() != null && cost.seriousIllnessInsurance() != null
                    && cost.otherReimbursement() != null && cost.selfPay().signum() < 0) {
                w.error(cp, "reimbursements (" + cost.total().subtract(cost.selfPay()).toPlainString()
                                + ") exceed the total (" + cost.total().toPlainString() + ")",
                        "各项报销合计 " + cost.total().subtract(cost.selfPay()).toPlainString() + " 元超过医疗总费用 "
                                + cost.total().toPlainString() + " 元");
            }
            costs.add(cost);
        }
        return new Member(memberId, birth, relation, labor, w.bool(m, p, "employed"), student, w.bool(m, p, "boarding"),
                disability, w.bool(m, p, "seriousIllness"), w.bool(m, p, "chronicIllness"),
                w.bool(m, p, "employeePension"), w.bool(m, p, "residentPensionEnrolled"),
                w.bool(m, p, "receivesBasicPension"), w.bool(m, p, "extremelyPoorSupported"),
                w.bool(m, p, "orphanGuarantee"), w.bool(m, p, "workInjuryNursingFee"), costs);
    }

    /** Field readers that record an error and return null instead of throwing, so every error is found. */
    private static final class Walker {
        final List<FieldError> errors = new ArrayList<>();

        void error(String path, String en, String zh) {
            errors.add(new FieldError(path, en, zh));
        }

        static String at(String parent, String field) {
            return parent.isEmpty() ? field : parent + "." + field;
        }

        boolean object(JsonNode n, String path) {
            if (n.isObject()) {
                return true;
            }
            error(path, "must be an object", "必须是一个对象");
            return false;
        }

        void unknown(JsonNode obj, String path, Set<String> known) {
            for (Map.Entry<String, JsonNode> e : obj.properties()) {
                if (!known.contains(e.getKey())) {
                    error(at(path, e.getKey()), "unknown field", "未知字段（契约中没有这个字段）");
                }
            }
        }

        /** Null when absent or JSON null; the error for a missing required field is recorded here. */
        JsonNode value(JsonNode obj, String path, String field, boolean required) {
            JsonNode v = obj.get(field);
            if (v == null || v.isNull()) {
                if (required) {
                    error(at(path, field), "is required", "必填项，不能为空");
                }
                return null;
            }
            return v;
        }

        String text(JsonNode obj, String path, String field, boolean required) {
            JsonNode v = value(obj, path, field, required);
            if (v == null) {
                return null;
            }
            if (!v.isString()) {
                error(at(path, field), "must be a string", "必须是文字");
                return null;
            }
            String s = v.stringValue().strip();
            if (s.isEmpty() && required) {
                error(at(path, field), "must not be blank", "不能为空白");
                return null;
            }
            if (s.length() > MAX_TEXT) {
                error(at(path, field), "is longer than " + MAX_TEXT + " characters", "长度超过 " + MAX_TEXT + " 个字符");
                return null;
            }
            return s;
        }

        <E extends Enum<E>> E enumeration(JsonNode obj, String path, String field, Class<E> type, E fallback,
                boolean required) {
            JsonNode v = value(obj, path, field, required);
            if (v == null) {
                return fallback;
            }
            if (v.isString()) {
                Enum<?> e = ENUMS.get(type).get(v.stringValue());
                if (e != null) {
                    return type.cast(e);
                }
            }
            String allowed = String.join(" ", ENUMS.get(type).keySet());
            if (!v.isString()) {
                error(at(path, field), "must be one of " + allowed, "必须是以下取值之一：" + allowed);
                return fallback;
            }
            String shown = v.stringValue().length() > 40 ? v.stringValue().substring(0, 40) + "…" : v.stringValue();
            error(at(path, field), "unknown value '" + shown + "', expected one of " + allowed,
                    "未知取值“" + shown + "”，应为以下之一：" + allowed);
            return fallback;
        }

        boolean bool(JsonNode obj, String path, String field) {
            Boolean b = optionalBool(obj, path, field);
            return b != null && b;
        }

        Boolean optionalBool(JsonNode obj, String path, String field) {
            JsonNode v = value(obj, path, field, false);
            if (v == null) {
                return null;
            }
            if (!v.isBoolean()) {
                error(at(path, field), "must be true or false", "必须是 true 或 false");
                return null;
            }
            return v.booleanValue();
        }

        BigDecimal money(JsonNode obj, String path, String field, boolean required) {
            JsonNode v = value(obj, path, field, required);
            if (v == null) {
                return null;
            }
            if (!v.isNumber()) {
                error(at(path, field), "must be a number of yuan", "必须是以元为单位的数字");
                return null;
            }
            BigDecimal amount = v.decimalValue();
            if (amount.signum() < 0) {
                error(at(path, field), "must not be negative, was " + amount.toPlainString(),
                        "金额不能为负数（填写的是 " + amount.toPlainString() + "）");
                return null;
            }
            if (amount.compareTo(MAX_AMOUNT) > 0) {
                error(at(path, field), "is too large (at most " + MAX_AMOUNT.toPlainString() + ")",
                        "金额过大（最多 " + MAX_AMOUNT.toPlainString() + " 元）");
                return null;
            }
            if (amount.stripTrailingZeros().scale() > 2) {
                error(at(path, field), "has more than 2 decimal places (yuan and fen only)",
                        "小数超过两位（金额只到分）");
                return null;
            }
            return amount;
        }

        Integer integer(JsonNode obj, String path, String field, boolean required, int min, int max) {
            JsonNode v = value(obj, path, field, required);
            if (v == null) {
                return null;
            }
            if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < min || v.intValue() > max) {
                error(at(path, field), "must be a whole number from " + min + " to " + max + ", was " + v,
                        "必须是 " + min + "–" + max + " 之间的整数（填写的是 " + v + "）");
                return null;
            }
            return v.intValue();
        }

        LocalDate date(JsonNode obj, String path, String field, boolean required) {
            JsonNode v = value(obj, path, field, required);
            if (v == null) {
                return null;
            }
            if (v.isString()) {
                LocalDate d = isoDate(v.stringValue());
                if (d != null) {
                    return d;
                }
            }
            String shown = v.isString() ? v.stringValue() : v.toString();
            shown = shown.length() > 40 ? shown.substring(0, 40) + "…" : shown;
            error(at(path, field), "must be a date as YYYY-MM-DD, was '" + shown + "'",
                    "日期格式应为 YYYY-MM-DD 且须是真实日期（填写的是“" + shown + "”）");
            return null;
        }

        List<JsonNode> array(JsonNode obj, String path, String field, boolean required) {
            JsonNode v = value(obj, path, field, required);
            if (v == null) {
                return List.of();
            }
            if (!v.isArray()) {
                error(at(path, field), "must be a list", "必须是列表");
                return List.of();
            }
            if (v.size() > MAX_LIST) {
                error(at(path, field), "has " + v.size() + " entries, at most " + MAX_LIST + " are accepted",
                        "条目过多（" + v.size() + " 条，最多 " + MAX_LIST + " 条）");
                return List.of();
            }
            List<JsonNode> out = new ArrayList<>(v.size());
            v.values().forEach(out::add);
            return out;
        }
    }
}
