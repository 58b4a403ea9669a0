package cn.pzh.eligibility.store;

import cn.pzh.eligibility.input.FieldError;
import cn.pzh.eligibility.input.HouseholdReader;
import cn.pzh.eligibility.input.InvalidHouseholdException;
import cn.pzh.eligibility.model.Household;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A household as the register holds it: the facts of the data contract (read by the engine's HouseholdReader) plus
 * identity and address, which no rule reads. {@link #facts} is what the engine gets, so names and identity numbers
 * can never reach a determination.
 */
public final class RegisterDocument {

    public static final Set<String> RELATIONS = Set.of("HEAD", "SPOUSE", "CHILD", "PARENT", "GRANDCHILD",
            "GRANDPARENT", "SIBLING", "OTHER");
    private static final Set<String> ADDRESS_FIELDS = Set.of("township", "village", "detail");
    private static final Pattern PHONE = Pattern.compile("\\d{3,20}");
    private static final int MAX_NAME = 100;
    private static final int MAX_PLACE = 200;

    /** One member as the search index holds it. */
    public record Person(int index, String name, String idNumber) {
    }

    private final ObjectNode document;
    private final Household household;
    private final List<Person> persons;

    private RegisterDocument(ObjectNode document, Household household, List<Person> persons) {
        this.document = document;
        this.household = household;
        this.persons = persons;
    }

    /** Validates a register document; every error at once, identity and facts together, as field paths. */
    public static RegisterDocument read(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new InvalidHouseholdException(null, List.of(new FieldError("$",
                    "a household must be a JSON object", "家庭信息必须是一个 JSON 对象")));
        }
        ObjectNode doc = ((ObjectNode) node).deepCopy();
        List<FieldError> errors = new ArrayList<>();
        address(doc, errors);
        JsonNode phone = doc.get("phone");
        if (phone != null && !phone.isNull() && !(phone.isString() && PHONE.matcher(phone.stringValue()).matches())) {
            errors.add(new FieldError("phone", "must be 3 to 20 digits", "联系电话只能是 3 至 20 位数字"));
        }
        List<Person> persons = new ArrayList<>();
        JsonNode members = doc.get("members");
        if (members != null && members.isArray()) {
            int heads = 0;
            Map<String, Integer> seen = new HashMap<>();
            for (int i = 0; i < members.size(); i++) {
                JsonNode m = members.get(i);
                if (!m.isObject()) {
                    continue; // the reader reports it
                }
                String p = "members[" + i + "]";
                String name = text(m.get("name"));
                if (name == null || name.isBlank()) {
                    errors.add(new FieldError(p + ".name", "is required in the register", "姓名必填"));
                } else if (name.strip().length() > MAX_NAME) {
                    errors.add(new FieldError(p + ".name", "is longer than " + MAX_NAME + " characters",
                            "姓名超过 " + MAX_NAME + " 个字"));
                }
                String relation = text(m.get("relation"));
                if (relation == null) {
                    errors.add(new FieldError(p + ".relation", "is required in the register", "与户主关系必填"));
                } else if (!RELATIONS.contains(relation)) {
                    errors.add(new FieldError(p + ".relation", "unknown relation, expected one of "
                            + String.join(" ", new java.util.TreeSet<>(RELATIONS)), "与户主关系不在可选值之中"));
                } else if (relation.equals("HEAD")) {
                    heads++;
                }
                String id = idNumber((ObjectNode) m, p, errors);
                if (id != null) {
                    Integer earlier = seen.putIfAbsent(id, i);
                    if (earlier != null) {
                        errors.add(new FieldError(p + ".idNumber", "the same identity number as members[" + earlier + "]",
                                "与 members[" + earlier + "] 的公民身份号码相同"));
                    }
                }
                persons.add(new Person(i, name == null ? "" : name.strip(), id));
            }
            if (members.size() > 0 && heads != 1) {
                errors.add(new FieldError("members", heads == 0 ? "no member is the HEAD of the household"
                        : heads + " members are HEAD; exactly one is", heads == 0 ? "没有户主：须有且只有一名成员的与户主关系为 HEAD"
                        : "有 " + heads + " 名户主：须有且只有一名"));
            }
        }
        Household household = null;
        try {
            household = HouseholdReader.read(facts(doc));
        } catch (InvalidHouseholdException e) {
            errors.addAll(0, e.errors());
        }
        if (!errors.isEmpty()) {
            throw new InvalidHouseholdException(text(doc.get("householdId")), errors);
        }
        return new RegisterDocument(doc, household, List.copyOf(persons));
    }

    private static void address(ObjectNode doc, List<FieldError> errors) {
        JsonNode a = doc.get("address");
        if (a == null || a.isNull()) {
            errors.add(new FieldError("address", "is required in the register", "住址必填（乡镇/街道和村/社区）"));
            return;
        }
        if (!a.isObject()) {
            errors.add(new FieldError("address", "must be an object", "必须是一个对象"));
            return;
        }
        for (String f : a.propertyNames()) {
            if (!ADDRESS_FIELDS.contains(f)) {
                errors.add(new FieldError("address." + f, "unknown field", "未知字段（契约中没有这个字段）"));
            }
        }
        for (String f : List.of("township", "village")) {
            String v = text(a.get(f));
            if (v == null || v.isBlank()) {
                errors.add(new FieldError("address." + f, "is required in the register",
                        f.equals("township") ? "乡镇/街道必填" : "村/社区必填"));
            } else if (v.length() > MAX_PLACE) {
                errors.add(new FieldError("address." + f, "is longer than " + MAX_PLACE + " characters",
                        "超过 " + MAX_PLACE + " 个字"));
            }
        }
        JsonNode d = a.get("detail");
        if (d != null && !d.isNull() && (!d.isString() || d.stringValue().length() > MAX_PLACE)) {
            errors.add(new FieldError("address.detail", "must be text of at most " + MAX_PLACE + " characters",
                    "详细地址须为文字，不超过 " + MAX_PLACE + " 个字"));
        }
    }

    /** Validates and normalises (a lower-case x becomes X) a member's identity number; null when absent or bad. */
    private static String idNumber(ObjectNode m, String p, List<FieldError> errors) {
        JsonNode v = m.get("idNumber");
        if (v == null || v.isNull()) {
            return null;
        }
        String path = p + ".idNumber";
        if (!v.isString()) {
            errors.add(new FieldError(path, "must be a string", "必须是文字"));
            return null;
        }
        String id = v.stringValue().strip().toUpperCase(java.util.Locale.ROOT);
        if (id.isEmpty()) {
            m.remove("idNumber");
            return null;
        }
        if (id.length() != 18) {
            errors.add(new FieldError(path, "must be 18 characters, has " + id.length(),
                    "公民身份号码应为 18 位，实为 " + id.length() + " 位"));
            return null;
        }
        if (!IdNumbers.wellFormed(id)) {
            errors.add(new FieldError(path, "must be 17 digits and a digit or X",
                    "公民身份号码应为 17 位数字加一位数字或 X"));
            return null;
        }
        if (!IdNumbers.checkDigitValid(id)) {
            errors.add(new FieldError(path, "the check digit (GB 11643-1999) is wrong: the number is mistyped",
                    "校验码不符（GB 11643-1999），号码有误"));
            return null;
        }
        String birth = text(m.get("birthDate"));
        if (birth != null && !birth.equals(IdNumbers.birthDate(id))) {
            errors.add(new FieldError(path, "the birth date in the number differs from birthDate",
                    "号码中的出生日期与出生日期（birthDate）不一致"));
            return null;
        }
        m.put("idNumber", id);
        return id;
    }

    private static String text(JsonNode n) {
        return n != null && n.isString() ? n.stringValue() : null;
    }

    /** The data-contract facts alone: address, phone, names and identity numbers removed. */
    public static ObjectNode facts(JsonNode document) {
        ObjectNode f = ((ObjectNode) document).deepCopy();
        f.remove("address");
        f.remove("phone");
        JsonNode members = f.get("members");
        if (members instanceof ArrayNode arr) {
            for (JsonNode m : arr) {
                if (m instanceof ObjectNode o) {
                    o.remove("name");
                    o.remove("idNumber");
                }
            }
        }
        return f;
    }

    public ObjectNode document() {
        return document;
    }

    public Household household() {
        return household;
    }

    public String householdId() {
        return household.householdId();
    }

    public String township() {
        return document.get("address").get("township").stringValue().strip();
    }

    public String village() {
        return document.get("address").get("village").stringValue().strip();
    }

    public List<Person> persons() {
        return persons;
    }
}
