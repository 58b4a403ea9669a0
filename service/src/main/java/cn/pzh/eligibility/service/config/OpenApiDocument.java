package cn.pzh.eligibility.service.config;

import cn.pzh.eligibility.service.api.BatchDiffLine;
import cn.pzh.eligibility.service.api.BatchErrorLine;
import cn.pzh.eligibility.service.api.ProblemBody;
import cn.pzh.eligibility.service.reeval.ReevaluationViews;
import cn.pzh.eligibility.store.ImpactTally;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * Makes /v3/api-docs say what the service really does, where springdoc cannot see it: the schemas come from the
 * engine's records (which carry no OpenAPI annotations, the engine being a plain library), so which fields are
 * required and which may be null is stated here; and the refusals that Spring Security and Spring MVC make
 * before any controller runs (401, 403, 406, 415) are added to every operation where they can happen.
 *
 * <p>A schema not listed in {@link #SHAPES} gets every property required and none nullable: the strictest
 * reading, which OpenApiContractTest's validation of real answers then holds the service to.
 */
@Component
public class OpenApiDocument implements OpenApiCustomizer {

    static final String PROBLEM_JSON = org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;

    /** Which properties a client may not find ({@code optional}) and which may be JSON null ({@code nullable}). */
    record Shape(Set<String> optional, Set<String> nullable) {
        static Shape of(Set<String> optional, Set<String> nullable) {
            return new Shape(optional, nullable);
        }
    }

    /** Optional and nullable at once: request fields the reader treats as absent when null. */
    private static Shape input(String... optional) {
        return Shape.of(Set.of(optional), Set.of(optional));
    }

    static final Map<String, Shape> SHAPES = Map.ofEntries(
            // Requests: what HouseholdReader requires; every other field may be left out or sent as null.
            Map.entry("Household", input("receivesDibao", "incomes", "housingSafety", "safeDrinkingWater",
                    "hardship", "asOf", "returnedDate")),
            Map.entry("Income", input()),
            Map.entry("Hardship", input()),
            Map.entry("Member", input("relation", "laborCapacity", "employed", "student", "boarding", "disability",
                    "seriousIllness", "chronicIllness", "employeePension", "residentPensionEnrolled",
                    "receivesBasicPension", "extremelyPoorSupported", "orphanGuarantee", "workInjuryNursingFee",
                    "medicalCosts")),
            // grade and category are required only with a certificate: the reader says so by name.
            Map.entry("Disability", input("grade", "category", "needsLongTermCare")),
            Map.entry("MedicalCost", input("inCounty")),
            // Answers: Jackson writes every field, null or not, unless the record says NON_NULL.
            // The stateless POST /api/v1/determinations marks its answer as a trial calculation (TrialCalculationAdvice).
            Map.entry("Determination", Shape.of(Set.of("trial", "trialNote"), Set.of())),
            Map.entry("Entitlement", Shape.of(Set.of("costItem"), Set.of("memberId"))),
            Map.entry("Advisory", Shape.of(Set.of(), Set.of("memberId"))),
            Map.entry("NotGranted", Shape.of(Set.of(), Set.of("memberId"))),
            Map.entry("BatchResult", Shape.of(Set.of("householdId", "determination", "errors"), Set.of())),
            // type: RFC 9457 lets it be absent (meaning about:blank), as Spring's own 406 and 415 still leave it.
            Map.entry("ProblemBody", Shape.of(Set.of("type", "instance", "householdId", "errors", "problemCount",
                    "baseVersion", "currentVersion", "base", "current"),
                    Set.of("householdId"))),
            Map.entry("BatchErrorLine", Shape.of(Set.of("column"), Set.of("householdId"))),
            Map.entry("BatchDiffEntitlement", Shape.of(Set.of("costItem", "ruleBefore", "ruleAfter"),
                    Set.of("memberId", "before", "after"))),
            Map.entry("BatchDiffParameter", Shape.of(Set.of(), Set.of("before", "after"))),
            Map.entry("JobView", Shape.of(Set.of(), Set.of("baselineAsOf", "baselineRules", "startedAt",
                    "finishedAt", "message"))),
            Map.entry("Rulesets", Shape.of(Set.of(), Set.of("baselineVersion"))),
            Map.entry("Progress", Shape.of(Set.of(), Set.of("linesRead", "blankLines", "changed"))),
            Map.entry("ReloadStatus", Shape.of(Set.of(), Set.of("servingVersion", "referenceCaseload", "lastReload",
                    "lastRefused"))),
            Map.entry("ReloadReport", Shape.of(Set.of(), Set.of("requestedBy", "servingVersion", "previousVersion",
                    "candidateVersion", "impact"))),
            Map.entry("Problem", Shape.of(Set.of(), Set.of("file"))),
            Map.entry("ParameterView", Shape.of(Set.of(), Set.of("description", "unit", "reference", "value"))),
            // The register (RegisterDocument): address required, phone not; every member named, with a relation.
            Map.entry("RegisteredHousehold", input("receivesDibao", "incomes", "housingSafety", "safeDrinkingWater",
                    "hardship", "asOf", "returnedDate", "phone")),
            Map.entry("RegisteredMember", input("laborCapacity", "employed", "student", "boarding", "disability",
                    "seriousIllness", "chronicIllness", "employeePension", "residentPensionEnrolled",
                    "receivesBasicPension", "extremelyPoorSupported", "orphanGuarantee", "workInjuryNursingFee",
                    "medicalCosts", "idNumber")),
            Map.entry("Address", input("detail")),
            // A replay that found no change has no totals to compare and no rule changes.
            Map.entry("ReplayView", Shape.of(Set.of(), Set.of("totalsBefore", "totalsAfter", "rulesetChanges"))),
            // A household-level grant has no member, a non-medical one no cost item; added or removed: one side.
            Map.entry("Difference", Shape.of(Set.of(), Set.of("memberId", "costItem", "before", "after", "period"))),
            // A search, an open or a save names no recorded determination.
            Map.entry("Access", Shape.of(Set.of(), Set.of("recordId"))),
            // The query's words, echoed: null when the query did not give them.
            Map.entry("SearchView", Shape.of(Set.of(), Set.of("q", "township", "village"))),
            // Issue 11. A proposal: the reader asks for parameter, value, from and reference.
            Map.entry("ProposalRequest", input("note")),
            // Described from the rules in service (none: null); published fields null until it is published.
            Map.entry("Proposal", Shape.of(Set.of(), Set.of("description", "unit", "type", "note", "baseVersion",
                    "publishedBy", "publishedAt", "publishedVersion", "publishOutcome"))),
            // A draft that does not load has no version and no impact.
            Map.entry("DryRun", Shape.of(Set.of(), Set.of("draftVersion", "impact"))),
            Map.entry("ParameterHistory", Shape.of(Set.of(), Set.of("description", "unit"))),
            Map.entry("DatedValue", Shape.of(Set.of(), Set.of("reference"))),
            // A re-evaluation: the whole register unless a county or township is given; no baseline date: each
            // household's current record.
            Map.entry("StartRequest", input("county", "township", "baselineAsOf")),
            Map.entry("RunView", Shape.of(Set.of(), Set.of("baselineAsOf", "county", "township", "finishedAt"))),
            // Confirmation fields until confirmed; no baseline for a household never determined before.
            Map.entry("ItemView", Shape.of(Set.of(), Set.of("confirmedBy", "confirmedAt", "recordId",
                    "baselineRecordId", "baselineAsOf"))),
            // A household-level grant has no member (and so no member's name); added: nothing before, stopped:
            // nothing after.
            Map.entry("ChangeView", Shape.of(Set.of(), Set.of("memberId", "memberName", "before", "after"))));

    @Override
    public void customise(OpenAPI openApi) {
        Map<String, Schema> schemas = openApi.getComponents().getSchemas();
        Schema household = schemas.get("Household");
        if (household != null) {
            // The body may carry the assessment date (HouseholdRequests reads it): a client generated without it
            // would drop the field and the service would assess on today.
            household.addProperty("asOf", dateSchema("Assessment date YYYY-MM-DD; if the query gives asOf too, "
                    + "both must agree; neither: today in Panzhihua"));
        }
        // Described only inside a download's x-line-schema, which springdoc does not follow.
        for (Class<?> line : List.of(BatchErrorLine.class, BatchDiffLine.class)) {
            ModelConverters.getInstance(true).readAll(line).forEach(schemas::putIfAbsent);
        }
        Schema determination = schemas.get("Determination");
        if (determination != null && determination.getProperties() != null
                && determination.getProperties().get("asOf") instanceof Schema<?> asOf) {
            asOf.setFormat("date");
        }
        if (determination != null) {
            Schema<?> trial = new JsonSchema();
            trial.setTypes(new LinkedHashSet<>(List.of("boolean")));
            determination.addProperty("trial", trial.description("true on a trial calculation (试算): nothing recorded"));
            Schema<?> note = new JsonSchema();
            note.setTypes(new LinkedHashSet<>(List.of("string")));
            determination.addProperty("trialNote", note.description("what a trial calculation may not be used for"));
        }
        // A register version carries the household as a JSON tree (ObjectNode), which springdoc cannot introspect:
        // its schema is stated here.
        registerSchemas(schemas);
        policySchemas(schemas);
        schemas.forEach((name, schema) -> shape(schema, SHAPES.getOrDefault(name, Shape.of(Set.of(), Set.of()))));
        openApi.getPaths().forEach(this::commonResponses);
    }

    private static Schema<?> dateSchema(String description) {
        Schema<?> s = new JsonSchema();
        s.setTypes(new LinkedHashSet<>(List.of("string")));
        s.setFormat("date");
        s.setDescription(description);
        return s;
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void shape(Schema schema, Shape shape) {
        Map<String, Schema> props = schema.getProperties();
        if (props == null || props.isEmpty()) {
            return;
        }
        List<String> required = new ArrayList<>();
        for (String name : props.keySet()) {
            if (!shape.optional().contains(name)) {
                required.add(name);
            }
        }
        schema.setRequired(required);
        for (String name : shape.nullable()) {
            Schema p = props.get(name);
            if (p != null) {
                props.put(name, nullable(p));
            }
        }
    }

    /**
     * OpenAPI 3.1 has no {@code nullable}: a plain type gets "null" among its types; a reference or an enum (which
     * would refuse null however the type reads) becomes "one of it, or null".
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Schema nullable(Schema p) {
        if (p.get$ref() == null && p.getEnum() == null && (p.getTypes() != null || p.getType() != null)) {
            Set<String> types = new LinkedHashSet<>(p.getTypes() != null ? p.getTypes() : Set.of(p.getType()));
            types.add("null");
            p.setTypes(types);
            return p;
        }
        if (p.get$ref() == null && p.getEnum() == null) {
            return p; // no type at all: already anything, null included
        }
        Schema none = new JsonSchema();
        none.setTypes(new LinkedHashSet<>(List.of("null")));
        Schema either = new JsonSchema();
        either.setOneOf(new ArrayList<>(List.of(p, none)));
        either.setDescription(p.getDescription());
        return either;
    }

    private void commonResponses(String path, PathItem item) {
        if (!path.startsWith("/api/")) {
            return;
        }
        item.readOperationsMap().forEach((method, op) -> {
            ApiResponses rs = op.getResponses();
            if (rs.get("304") != null) {
                rs.get("304").setContent(null); // springdoc gives it the 200's body; a 304 has none
            }
            // An HTML page or a CSV file is a download like the JSON Lines ones: a bare string schema makes generated
            // clients (openapi-generator's java/native) parse it as a JSON string, and springdoc's "byte" for a
            // byte[] body tells them to base64-decode it.
            rs.forEach((code, r) -> {
                for (String type : List.of("text/html", "text/csv")) {
                    if (code.startsWith("2") && r.getContent() != null && r.getContent().get(type) != null) {
                        Schema<?> download = r.getContent().get(type).getSchema();
                        if (download != null && download.get$ref() == null) {
                            download.setFormat("binary");
                        }
                    }
                }
            });
            add(rs, "400", "A malformed request: a bad query parameter or escape, or a bad body");
            add(rs, "401", "No credentials, or wrong ones (HTTP Basic; WWW-Authenticate: Basic)");
            boolean policyOnly = policyOnly(path, method);
            op.addExtension("x-role", policyOnly ? "POLICY" : "CASEWORKER");
            if (policyOnly) {
                add(rs, "403", "The user's role may not do this: policy staff (POLICY) only");
            } else if (method != PathItem.HttpMethod.GET) {
                add(rs, "403", "Refused by the request-forgery check of a signed-in browser session");
            }
            if (path.contains("{")) {
                add(rs, "404", "No such " + thing(path));
            }
            add(rs, "406", "The Accept header allows none of the media types this operation answers with");
            if (op.getRequestBody() != null) {
                add(rs, "415", "The Content-Type is not one this operation reads");
            }
        });
    }

    /**
     * Who may call an operation, as SecurityConfig decides it: a caseworker reads the ruleset and parameters,
     * determines, keeps the register, finds the re-evaluation runs (the list and one run) and works a run's
     * worklist, townships and notices; everything else under /api is policy staff's. OpenApiContractTest holds each
     * operation's x-role to the service's real answers to a caseworker.
     */
    static boolean policyOnly(String path, PathItem.HttpMethod method) {
        boolean read = method == PathItem.HttpMethod.GET;
        if (read && (path.equals("/api/v1/ruleset") || path.equals("/api/v1/ruleset/reload")
                || path.equals("/api/v1/parameters")
                || path.equals("/api/v1/reevaluations") || path.equals("/api/v1/reevaluations/{id}"))) {
            return false;
        }
        if (path.equals("/api/v1/determinations") || path.startsWith("/api/v1/determinations/")
                || path.equals("/api/v1/households") || path.startsWith("/api/v1/households/")) {
            return false;
        }
        return !path.matches("/api/v1/reevaluations/\\{id}/(worklist(/.*|\\.csv)?|notices|townships)");
    }

    /** What an unknown path parameter names, for the 404's description. */
    private static String thing(String path) {
        if (path.startsWith("/api/v1/batches")) {
            return "batch job";
        }
        if (path.startsWith("/api/v1/parameters/proposals")) {
            return "proposal";
        }
        if (path.startsWith("/api/v1/reevaluations")) {
            return path.contains("{householdId}") ? "re-evaluation run, or no such household in it"
                    : "re-evaluation run";
        }
        return path.contains("{recordId}") ? "household or recorded determination" : "household";
    }

    private static void add(ApiResponses rs, String code, String description) {
        if (rs.containsKey(code)) {
            return;
        }
        Schema<?> ref = new JsonSchema().$ref("#/components/schemas/" + ProblemBody.class.getSimpleName());
        rs.addApiResponse(code, new ApiResponse().description(description)
                .content(new Content().addMediaType(PROBLEM_JSON, new MediaType().schema(ref))));
    }

    private static Schema<?> typed(String type) {
        Schema<?> s = new JsonSchema();
        s.setTypes(new LinkedHashSet<>(List.of(type)));
        return s;
    }

    private static Schema<?> ref(String name) {
        return new JsonSchema().$ref("#/components/schemas/" + name);
    }

    /**
     * Issue 11's requests, where springdoc reads a JSON tree as the tree class's getters, or a date as free text:
     * a proposal's value is a number, a string, a yes/no or a list of codes, as the parameter's type says
     * (ParamType); a re-evaluation's dates are YYYY-MM-DD.
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void policySchemas(Map<String, Schema> schemas) {
        Schema request = schemas.get("ProposalRequest");
        if (request != null && request.getProperties() != null) {
            // The list is a named schema: openapi-generator 7.25's java client does not compile a oneOf with an
            // inline list in it, and drops "array" from a list of types.
            schemas.put("ParameterCodes", typed("array").items(typed("string"))
                    .description("Contract codes, such as DISABILITY_SUBSIDY"));
            Schema<?> value = new JsonSchema();
            value.setOneOf(new ArrayList<>(List.of(typed("number"), typed("string"), typed("boolean"),
                    ref("ParameterCodes"))));
            value.setDescription("The new value, as the parameter's type says: amount, rate and integer a number; "
                    + "date a string YYYY-MM-DD; flag true or false; codes a list of contract codes, or one string "
                    + "of them separated by commas");
            request.getProperties().put("value", value);
            Schema from = (Schema) request.getProperties().get("from");
            if (from != null) {
                from.setFormat("date");
            }
        }
        Schema start = schemas.get("StartRequest");
        if (start != null && start.getProperties() != null) {
            for (String date : List.of("asOf", "baselineAsOf")) {
                if (start.getProperties().get(date) instanceof Schema d) {
                    d.setFormat("date");
                }
            }
        }
        // A household's change of its yearly total, in the five bands the run's impact and a proposal's dry run
        // share (ImpactTally), each with its words.
        Schema band = schemas.get("Band");
        if (band != null && band.getProperties() != null && band.getProperties().get("band") instanceof Schema b) {
            b.setEnum(new ArrayList<>(ImpactTally.BANDS));
            b.setDescription("More than 5% down, up to 5% down, unchanged, up to 5% up, more than 5% up; from "
                    + "nothing to something is more than 5% up");
            if (band.getProperties().get("label") instanceof Schema label) {
                label.setDescription("The band in words: " + String.join("、", ImpactTally.BANDS.stream()
                        .map(ReevaluationViews.BAND_LABELS::get).toList()));
            }
        }
        // Only the proposal's value referred to it.
        schemas.remove("JsonNode");
    }

    /**
     * The register's schemas, where springdoc sees only a JSON tree, stored bytes or a clashing name: a register
     * household is the data contract's household plus address, phone and each member's name and identity number
     * (RegisterDocument); a recorded determination is the engine's Determination, verbatim.
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void registerSchemas(Map<String, Schema> schemas) {
        Schema household = schemas.get("Household");
        Schema member = schemas.get("Member");
        if (household != null && member != null && household.getProperties() != null
                && member.getProperties() != null) {
            Schema<?> address = typed("object").description("住址: township (乡镇/街道) and village (村/社区) required");
            address.addProperty("township", typed("string"));
            address.addProperty("village", typed("string"));
            address.addProperty("detail", typed("string"));
            schemas.put("Address", address);
            Schema<?> registeredMember = typed("object").description("A member as registered: the contract's member "
                    + "with name (姓名) and, when known, the identity number (公民身份号码, GB 11643-1999)");
            ((Map<String, Schema>) member.getProperties()).forEach(registeredMember::addProperty);
            registeredMember.addProperty("name", typed("string"));
            registeredMember.addProperty("idNumber", typed("string"));
            schemas.put("RegisteredMember", registeredMember);
            Schema<?> registered = typed("object").description("A household as in "
                    + "shared/spec/household.register.example.json");
            ((Map<String, Schema>) household.getProperties()).forEach((name, p) -> registered.addProperty(name,
                    name.equals("members") ? typed("array").items(ref("RegisteredMember")) : p));
            registered.addProperty("address", ref("Address"));
            registered.addProperty("phone", typed("string").description("联系电话, digits"));
            schemas.put("RegisteredHousehold", registered);
        }
        Schema<?> view = typed("object");
        view.addProperty("householdId", typed("string"));
        view.addProperty("version", typed("integer").description("1 for the first save, one more for each save"));
        view.addProperty("savedBy", typed("string"));
        view.addProperty("savedAt", typed("string").format("date-time"));
        view.addProperty("household", schemas.containsKey("RegisteredHousehold") ? ref("RegisteredHousehold")
                : typed("object"));
        schemas.put("HouseholdView", view);
        // SearchHit.Member is named Member by springdoc, which is the engine's member: give it its own name.
        Schema hit = schemas.get("SearchHit");
        if (hit != null && hit.getProperties() != null) {
            Schema<?> found = typed("object").description("A member of a found household: name and masked number");
            found.addProperty("name", typed("string"));
            found.addProperty("maskedIdNumber", typed("string"));
            schemas.put("SearchHitMember", found);
            hit.getProperties().put("members", typed("array").items(ref("SearchHitMember")));
        }
        for (String name : List.of("RecordView", "ReplayView")) {
            Schema s = schemas.get(name);
            if (s != null && s.getProperties() != null && s.getProperties().containsKey("determination")) {
                s.getProperties().put("determination", ref("Determination").description(
                        "The determination as recorded, byte for byte"));
            }
        }
    }
}
