package cn.pzh.eligibility.batch;

import cn.pzh.eligibility.input.FieldError;
import cn.pzh.eligibility.input.Json;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The flat CSV layout of a household (docs/batch.md): one row per member, the household's columns repeated on
 * each of its rows (or left empty after the first), incomes in numbered column pairs {@code income1Type,
 * income1Amount, income2Type …} and each member's medical cost items in numbered column groups {@code medical1Date,
 * medical1Kind …}. Column names are the contract's field names, so a CSV row turns into exactly the household JSON
 * and is validated by the same reader, field by field.
 */
public final class CsvLayout {

    /** Household columns, in the order they are written. */
    public static final List<String> HOUSEHOLD = List.of("householdId", "county", "residence", "povertyStatus",
            "receivesDibao", "housingSafety", "safeDrinkingWater", "hardshipCause", "hardshipDate",
            "hardshipUncoveredExpense", "returnedDate");
    /** Member columns, in the order they are written. */
    public static final List<String> MEMBER = List.of("memberId", "birthDate", "relation", "laborCapacity",
            "employed", "student", "boarding", "disabilityCertificate", "disabilityGrade", "disabilityCategory",
            "disabilityNeedsLongTermCare", "seriousIllness", "chronicIllness", "employeePension",
            "residentPensionEnrolled", "receivesBasicPension", "extremelyPoorSupported", "orphanGuarantee",
            "workInjuryNursingFee");
    static final List<String> INCOME_PARTS = List.of("Type", "Amount");
    static final List<String> MEDICAL_PARTS = List.of("Date", "Kind", "InCounty", "Total", "BasicInsurance",
            "SeriousIllnessInsurance", "OtherReimbursement");
    /** How many numbered groups {@link #header} writes by default. */
    public static final int DEFAULT_INCOMES = 4;
    public static final int DEFAULT_MEDICAL = 4;

    private static final Pattern INCOME = Pattern.compile("income([1-9][0-9]?)(Type|Amount)");
    private static final Pattern MEDICAL = Pattern.compile(
            "medical([1-9][0-9]?)(Date|Kind|InCounty|Total|BasicInsurance|SeriousIllnessInsurance|OtherReimbursement)");
    private static final Pattern NUMBER = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,9}");

    /** A household field in JSON, by CSV column name, for the columns that are not just the same name. */
    private static final Map<String, String> HARDSHIP = Map.of("hardshipCause", "cause", "hardshipDate", "date",
            "hardshipUncoveredExpense", "uncoveredExpense");
    private static final Map<String, String> DISABILITY = Map.of("disabilityCertificate", "certificate",
            "disabilityGrade", "grade", "disabilityCategory", "category", "disabilityNeedsLongTermCare",
            "needsLongTermCare");

    private final List<String> columns;
    private final Map<String, Integer> index = new HashMap<>();
    private final int incomes;
    private final int medical;

    private CsvLayout(List<String> columns, int incomes, int medical) {
        this.columns = List.copyOf(columns);
        for (int i = 0; i < columns.size(); i++) {
            index.put(columns.get(i), i);
        }
        this.incomes = incomes;
        this.medical = medical;
    }

    /** Problems listed in a header's error: the rest are counted, so a hostile header cannot make a huge message. */
    static final int MAX_HEADER_PROBLEMS = 5;
    /** What a column name may look like to be quoted back in a message (anything else may be data). */
    private static final Pattern SHOWABLE = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,39}");

    /** The layout a header line announces; refuses unknown, duplicate or half-numbered columns. */
    static CsvLayout fromHeader(List<String> header) {
        List<String> problems = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        int maxIncome = 0;
        int maxMedical = 0;
        for (int i = 0; i < header.size(); i++) {
            String c = header.get(i).strip();
            if (seen.put(c, i) != null) {
                problems.add("column " + shown(c, i) + " appears twice（列名重复）");
            }
            Matcher in = INCOME.matcher(c);
            Matcher md = MEDICAL.matcher(c);
            if (in.matches()) {
                maxIncome = Math.max(maxIncome, Integer.parseInt(in.group(1)));
            } else if (md.matches()) {
                maxMedical = Math.max(maxMedical, Integer.parseInt(md.group(1)));
            } else if (!HOUSEHOLD.contains(c) && !MEMBER.contains(c)) {
                problems.add("unknown column " + shown(c, i) + "（未知的列名）");
            }
        }
        for (String required : List.of("householdId", "memberId")) {
            if (!seen.containsKey(required)) {
                problems.add("the column '" + required + "' is required（缺少必需的列）");
            }
        }
        for (int k = 1; k <= maxIncome; k++) {
            for (String part : INCOME_PARTS) {
                if (!seen.containsKey("income" + k + part)) {
                    problems.add("column income" + k + part + " is missing: numbered columns come in complete groups"
                            + "（编号列须成组出现）");
                }
            }
        }
        for (int k = 1; k <= maxMedical; k++) {
            for (String part : MEDICAL_PARTS) {
                if (!seen.containsKey("medical" + k + part)) {
                    problems.add("column medical" + k + part + " is missing: numbered columns come in complete groups"
                            + "（编号列须成组出现）");
                }
            }
        }
        if (!problems.isEmpty()) {
            List<String> listed = problems.subList(0, Math.min(problems.size(), MAX_HEADER_PROBLEMS));
            int more = problems.size() - listed.size();
            throw new BatchException("the CSV header is not the household layout (docs/batch.md): "
                    + String.join("; ", listed) + (more > 0 ? "; and " + more + " more problems（另有 " + more + " 处问题）" : ""));
        }
        return new CsvLayout(header.stream().map(String::strip).toList(), maxIncome, maxMedical);
    }

    /** A column name as a message may show it: by name when it looks like one, else by position and length only. */
    private static String shown(String c, int i) {
        return SHOWABLE.matcher(c).matches() ? "'" + c + "'"
                : (i + 1) + " (not a column name: " + c.length() + " characters)";
    }

    /** The default layout: every column, with {@code incomes} and {@code medical} numbered groups. */
    public static CsvLayout standard(int incomes, int medical) {
        List<String> cols = new ArrayList<>(HOUSEHOLD);
        for (int k = 1; k <= incomes; k++) {
            for (String p : INCOME_PARTS) {
                cols.add("income" + k + p);
            }
        }
        cols.addAll(MEMBER);
        for (int k = 1; k <= medical; k++) {
            for (String p : MEDICAL_PARTS) {
                cols.add("medical" + k + p);
            }
        }
        return new CsvLayout(cols, incomes, medical);
    }

    public List<String> columns() {
        return columns;
    }

    public String headerLine() {
        return String.join(",", columns.stream().map(CsvLayout::quote).toList());
    }

    /**
     * One row (one CSV record): the physical lines it spans (more than one when a quoted cell holds line breaks), its
     * cells by column position, and its problem when it could not be read as CSV (then its cells are a best guess,
     * used only to group it with its household).
     */
    record Row(long line, long lastLine, List<String> cells, FieldError problem) {

        long physicalLines() {
            return lastLine - line + 1;
        }

        String get(CsvLayout layout, String column) {
            Integer i = layout.index.get(column);
            return i == null || i >= cells.size() ? "" : cells.get(i).strip();
        }
    }

    // ------------------------------------------------------------------ writing

    /**
     * The rows of one household as CSV lines (no newline at the end of each). Fails when the household has more
     * incomes or medical items than the layout has numbered columns for.
     */
    public List<String> rows(JsonNode h) {
        List<String> out = new ArrayList<>();
        JsonNode members = h.path("members");
        JsonNode incs = h.path("incomes");
        if (incs.size() > incomes) {
            throw new IllegalArgumentException(h.path("householdId").asString() + ": more incomes than columns");
        }
        for (int mi = 0; mi < members.size(); mi++) {
            JsonNode m = members.get(mi);
            Map<String, String> v = new LinkedHashMap<>();
            for (String c : HOUSEHOLD) {
                String hardship = HARDSHIP.get(c);
                v.put(c, cell(hardship != null ? h.path("hardship").get(hardship) : h.get(c)));
            }
            for (int k = 1; k <= incs.size(); k++) {
                v.put("income" + k + "Type", cell(incs.get(k - 1).get("type")));
                v.put("income" + k + "Amount", cell(incs.get(k - 1).get("annualAmount")));
            }
            for (String c : MEMBER) {
                String dis = DISABILITY.get(c);
                v.put(c, cell(dis != null ? m.path("disability").get(dis) : m.get(c)));
            }
            JsonNode costs = m.path("medicalCosts");
            if (costs.size() > medical) {
                throw new IllegalArgumentException(h.path("householdId").asString() + ": more medical items than columns");
            }
            for (int k = 1; k <= costs.size(); k++) {
                JsonNode c = costs.get(k - 1);
                v.put("medical" + k + "Date", cell(c.get("date")));
                v.put("medical" + k + "Kind", cell(c.get("kind")));
                v.put("medical" + k + "InCounty", cell(c.get("inCounty")));
                v.put("medical" + k + "Total", cell(c.get("total")));
                v.put("medical" + k + "BasicInsurance", cell(c.get("basicInsurance")));
                v.put("medical" + k + "SeriousIllnessInsurance", cell(c.get("seriousIllnessInsurance")));
                v.put("medical" + k + "OtherReimbursement", cell(c.get("otherReimbursement")));
            }
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < columns.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append(quote(v.getOrDefault(columns.get(i), "")));
            }
            out.add(sb.toString());
        }
        return out;
    }

    private static String cell(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return "";
        }
        if (n.isNumber()) {
            return n.decimalValue().toPlainString();
        }
        return n.isString() ? n.stringValue() : n.toString();
    }

    static String quote(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    // ------------------------------------------------------------------ reading (CsvSource reads the cells)

    /** A household assembled from its rows, with the errors only the CSV form can have. */
    record Assembled(ObjectNode household, List<FieldError> errors, String householdId) {
    }

    /**
     * Turns the rows of one household into the household JSON. Cells are typed as the contract expects when they can
     * be (true/false, numbers); otherwise the text is kept so that the household reader reports the field with its
     * usual message. An empty cell is an absent field.
     */
    Assembled assemble(List<Row> rows) {
        List<FieldError> errors = new ArrayList<>();
        Row first = rows.get(0);
        ObjectNode h = Json.MAPPER.createObjectNode();
        for (String c : HOUSEHOLD) {
            String v = first.get(this, c);
            for (int r = 1; r < rows.size(); r++) {
                String later = rows.get(r).get(this, c);
                if (!later.isEmpty() && !later.equals(v)) {
                    // The values are not quoted: an errors file is a log, and these may be incomes or dates.
                    errors.add(new FieldError(c, "column " + c + " differs between line " + first.line() + " and line "
                            + rows.get(r).line() + ": household columns must agree on every row of the household",
                            "同一家庭各行的 " + c + " 列不一致（第 " + first.line() + " 行与第 " + rows.get(r).line()
                                    + " 行）：家庭信息在该户每一行上须相同或留空"));
                }
            }
            if (HARDSHIP.containsKey(c) || v.isEmpty()) {
                continue;
            }
            put(h, c, v, c.equals("receivesDibao") || c.equals("safeDrinkingWater") ? Kind.BOOL : Kind.TEXT);
        }
        ArrayNode incs = h.putArray("incomes");
        for (int k = 1; k <= incomes; k++) {
            String type = first.get(this, "income" + k + "Type");
            String amount = first.get(this, "income" + k + "Amount");
            for (int r = 1; r < rows.size(); r++) {
                for (String part : INCOME_PARTS) {
                    String later = rows.get(r).get(this, "income" + k + part);
                    String v = first.get(this, "income" + k + part);
                    if (!later.isEmpty() && !later.equals(v)) {
                        errors.add(new FieldError("incomes", "column income" + k + part + " differs between rows "
                                + first.line() + " and " + rows.get(r).line() + " of the household",
                                "同一家庭各行的 income" + k + part + " 列不一致"));
                    }
                }
            }
            if (type.isEmpty() && amount.isEmpty()) {
                continue;
            }
            ObjectNode in = incs.addObject();
            put(in, "type", type, Kind.TEXT);
            put(in, "annualAmount", amount, Kind.NUMBER);
        }
        String cause = first.get(this, "hardshipCause");
        String date = first.get(this, "hardshipDate");
        String expense = first.get(this, "hardshipUncoveredExpense");
        if (!cause.isEmpty() || !date.isEmpty() || !expense.isEmpty()) {
            ObjectNode hs = h.putObject("hardship");
            put(hs, "cause", cause, Kind.TEXT);
            put(hs, "date", date, Kind.TEXT);
            put(hs, "uncoveredExpense", expense, Kind.NUMBER);
        }
        ArrayNode members = h.putArray("members");
        for (Row row : rows) {
            ObjectNode m = members.addObject();
            ObjectNode dis = null;
            for (String c : MEMBER) {
                String v = row.get(this, c);
                if (v.isEmpty()) {
                    continue;
                }
                String d = DISABILITY.get(c);
                if (d != null) {
                    if (dis == null) {
                        dis = Json.MAPPER.createObjectNode();
                    }
                    put(dis, d, v, d.equals("grade") ? Kind.INTEGER : d.equals("needsLongTermCare") ? Kind.BOOL : Kind.TEXT);
                } else {
                    put(m, c, v, BOOL_MEMBER_COLUMNS.contains(c) ? Kind.BOOL : Kind.TEXT);
                }
            }
            if (dis != null) {
                m.set("disability", dis);
            }
            ArrayNode costs = null;
            for (int k = 1; k <= medical; k++) {
                List<String> vals = new ArrayList<>();
                for (String p : MEDICAL_PARTS) {
                    vals.add(row.get(this, "medical" + k + p));
                }
                if (vals.stream().allMatch(String::isEmpty)) {
                    continue;
                }
                if (costs == null) {
                    costs = m.putArray("medicalCosts");
                }
                ObjectNode c = costs.addObject();
                put(c, "date", vals.get(0), Kind.TEXT);
                put(c, "kind", vals.get(1), Kind.TEXT);
                put(c, "inCounty", vals.get(2), Kind.BOOL);
                put(c, "total", vals.get(3), Kind.NUMBER);
                put(c, "basicInsurance", vals.get(4), Kind.NUMBER);
                put(c, "seriousIllnessInsurance", vals.get(5), Kind.NUMBER);
                put(c, "otherReimbursement", vals.get(6), Kind.NUMBER);
            }
        }
        String id = first.get(this, "householdId");
        return new Assembled(h, errors, id.isEmpty() ? null : id);
    }

    private static final java.util.Set<String> BOOL_MEMBER_COLUMNS = java.util.Set.of("employed", "boarding",
            "seriousIllness", "chronicIllness", "employeePension", "residentPensionEnrolled", "receivesBasicPension",
            "extremelyPoorSupported", "orphanGuarantee", "workInjuryNursingFee");

    private enum Kind { TEXT, BOOL, NUMBER, INTEGER }

    /** Puts a typed value; a cell that does not fit its type stays text and the reader refuses it with a path. */
    private static void put(ObjectNode o, String field, String v, Kind kind) {
        if (v.isEmpty()) {
            return;
        }
        switch (kind) {
            case BOOL -> {
                if (v.equals("true") || v.equals("是")) {
                    o.put(field, true);
                } else if (v.equals("false") || v.equals("否")) {
                    o.put(field, false);
                } else {
                    o.put(field, v);
                }
            }
            case NUMBER -> {
                if (NUMBER.matcher(v).matches()) {
                    o.put(field, new BigDecimal(v));
                } else {
                    o.put(field, v);
                }
            }
            case INTEGER -> {
                if (INTEGER.matcher(v).matches()) {
                    o.put(field, Integer.parseInt(v));
                } else {
                    o.put(field, v);
                }
            }
            default -> o.put(field, v);
        }
    }

    /**
     * The CSV column and line an error path points to: {@code members[1].disability.grade} is column
     * disabilityGrade on the second row of the household; {@code incomes[0].type} is income1Type (the first filled
     * pair). Null when the path is not one column.
     */
    String column(String path) {
        Matcher m = Pattern.compile("members\\[(\\d+)]\\.(.+)").matcher(path);
        if (m.matches()) {
            String rest = m.group(2);
            Matcher med = Pattern.compile("medicalCosts\\[(\\d+)]\\.?(.*)").matcher(rest);
            if (med.matches()) {
                String part = med.group(2);
                return "medical" + (Integer.parseInt(med.group(1)) + 1)
                        + (part.isEmpty() ? "" : Character.toUpperCase(part.charAt(0)) + part.substring(1));
            }
            for (Map.Entry<String, String> e : DISABILITY.entrySet()) {
                if (rest.equals("disability." + e.getValue())) {
                    return e.getKey();
                }
            }
            return rest;
        }
        Matcher in = Pattern.compile("incomes\\[(\\d+)]\\.?(.*)").matcher(path);
        if (in.matches()) {
            String part = in.group(2).equals("annualAmount") ? "Amount" : in.group(2).equals("type") ? "Type" : "";
            return "income" + (Integer.parseInt(in.group(1)) + 1) + part;
        }
        for (Map.Entry<String, String> e : HARDSHIP.entrySet()) {
            if (path.equals("hardship." + e.getValue())) {
                return e.getKey();
            }
        }
        return path.equals("$") ? null : path;
    }

    /** The row a member path points to, for the error's line number. */
    static int memberRow(String path) {
        Matcher m = Pattern.compile("members\\[(\\d+)].*").matcher(path);
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }
}
