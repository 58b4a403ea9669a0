package cn.pzh.eligibility.service.register;

import cn.pzh.eligibility.input.FieldError;
import cn.pzh.eligibility.service.config.RulesetHolder;
import cn.pzh.eligibility.service.web.AssessmentDates;
import cn.pzh.eligibility.service.web.InvalidRequestException;
import cn.pzh.eligibility.service.web.JsonBodies;
import cn.pzh.eligibility.store.AccessRecords.Purpose;
import cn.pzh.eligibility.store.Casework;
import cn.pzh.eligibility.store.DeterminationRecord;
import cn.pzh.eligibility.store.HouseholdRegister;
import cn.pzh.eligibility.store.HouseholdVersion;
import cn.pzh.eligibility.store.NotFoundException;
import cn.pzh.eligibility.store.SearchHit;
import cn.pzh.eligibility.store.Store;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.security.Principal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The case register over HTTP: thin, every decision is the store's. */
@RestController
@RequestMapping("/api/v1/households")
public class HouseholdController {

    static final long MAX_BODY = 1L << 20;
    private static final Pattern ETAG = Pattern.compile("^(?:W/)?\"?(\\d{1,9})\"?$");

    private final Store store;
    private final Casework casework;
    private final RulesetHolder rulesets;
    private final NoticeRenderer notices;

    public HouseholdController(Store store, Casework casework, RulesetHolder rulesets, NoticeRenderer notices) {
        this.store = store;
        this.casework = casework;
        this.rulesets = rulesets;
        this.notices = notices;
    }

    @Operation(summary = "Register a new household（登记新家庭）")
    @ApiResponse(responseCode = "409", description = "The household or an identity number is registered already",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = cn.pzh.eligibility.service.api.ProblemBody.class)))
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
            description = "A household as in shared/spec/household.register.example.json",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(types = "object")))
    @ApiResponse(responseCode = "201", description = "The household as registered, version 1; Location names it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(ref = "#/components/schemas/HouseholdView")))
    @PostMapping(consumes = {MediaType.APPLICATION_JSON_VALUE, "application/*+json"},
            produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Views.HouseholdView> create(HttpServletRequest request, Principal user) throws IOException {
        JsonNode body = JsonBodies.read(request.getInputStream(), MAX_BODY);
        HouseholdVersion v = store.register().create(body, user.getName());
        store.access().record(user.getName(), v.householdId(), Purpose.SAVE, null);
        return ResponseEntity.created(URI.create("/api/v1/households/" + v.householdId()))
                .eTag("\"" + v.version() + "\"").body(Views.HouseholdView.of(v));
    }

    @Operation(summary = "A household's newest facts and version（家庭最新信息及版本）")
    @ApiResponse(responseCode = "404", description = "No such household",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = cn.pzh.eligibility.service.api.ProblemBody.class)))
    @ApiResponse(responseCode = "200", description = "The newest version; its ETag is the version number",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(ref = "#/components/schemas/HouseholdView")))
    @GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Views.HouseholdView> get(@PathVariable String id, Principal user) {
        HouseholdVersion v = store.register().require(id);
        store.access().record(user.getName(), id, Purpose.OPEN, null);
        return ResponseEntity.ok().eTag("\"" + v.version() + "\"").body(Views.HouseholdView.of(v));
    }

    @Operation(summary = "Save a new version（保存为新版本；If-Match 或 baseVersion 指明所依据的版本）")
    @ApiResponse(responseCode = "409", description = "A newer version was saved since the base version: both are in base and current",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = cn.pzh.eligibility.service.api.ProblemBody.class)))
    @ApiResponse(responseCode = "404", description = "No such household",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = cn.pzh.eligibility.service.api.ProblemBody.class)))
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
            description = "A household as in shared/spec/household.register.example.json",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(types = "object")))
    @ApiResponse(responseCode = "200", description = "The new version",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(ref = "#/components/schemas/HouseholdView")))
    @PutMapping(path = "/{id}", consumes = {MediaType.APPLICATION_JSON_VALUE, "application/*+json"},
            produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Views.HouseholdView> update(@PathVariable String id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            HttpServletRequest request, Principal user) throws IOException {
        JsonNode body = JsonBodies.read(request.getInputStream(), MAX_BODY);
        Integer base = null;
        if (body instanceof ObjectNode o && o.has("baseVersion")) {
            JsonNode b = o.remove("baseVersion");
            if (!b.isIntegralNumber() || b.intValue() < 1) {
                throw new InvalidRequestException(new FieldError("baseVersion", "must be a version number (1, 2, …)",
                        "所依据的版本号应为正整数"));
            }
            base = b.intValue();
        }
        if (ifMatch != null && !ifMatch.isBlank()) {
            Matcher m = ETAG.matcher(ifMatch.strip());
            if (!m.matches()) {
                throw new InvalidRequestException(new FieldError("If-Match", "must be the version's ETag, e.g. \"3\"",
                        "If-Match 应为版本号，例如 \"3\""));
            }
            int fromHeader = Integer.parseInt(m.group(1));
            if (base != null && base != fromHeader) {
                throw new InvalidRequestException(new FieldError("baseVersion", "differs from If-Match",
                        "baseVersion 与 If-Match 不一致"));
            }
            base = fromHeader;
        }
        if (base == null) {
            throw new InvalidRequestException(new FieldError("baseVersion",
                    "name the version the edit started from (If-Match or baseVersion)",
                    "须指明修改所依据的版本（If-Match 或 baseVersion），以免覆盖他人的修改"));
        }
        HouseholdVersion v = store.register().update(id, base, body, user.getName());
        store.access().record(user.getName(), id, Purpose.SAVE, null);
        return ResponseEntity.ok().eTag("\"" + v.version() + "\"").body(Views.HouseholdView.of(v));
    }

    @Operation(summary = "Search the register（按家庭编号、姓名、身份证号（全号或后四位）、乡镇、村查找）")
    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    public Views.SearchView search(@RequestParam(required = false) String q,
            @RequestParam(required = false) String township, @RequestParam(required = false) String village,
            Principal user) {
        if ((q == null || q.isBlank()) && (township == null || township.isBlank())
                && (village == null || village.isBlank())) {
            throw new InvalidRequestException(new FieldError("q", "give q, township or village",
                    "请输入查找内容：家庭编号、姓名、身份证号（或后四位）、乡镇或村"));
        }
        List<SearchHit> hits = store.register().search(q, township, village);
        store.access().recordSearch(user.getName(), hits.stream().map(SearchHit::householdId).toList());
        return new Views.SearchView(q, township, village, hits.size(), HouseholdRegister.SEARCH_LIMIT, hits);
    }

    @Operation(summary = "Every saved version, newest first（历次保存的版本）")
    @ApiResponse(responseCode = "200", description = "Every version, newest first",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    array = @io.swagger.v3.oas.annotations.media.ArraySchema(
                            schema = @Schema(ref = "#/components/schemas/HouseholdView"))))
    @GetMapping(path = "/{id}/versions", produces = MediaType.APPLICATION_JSON_VALUE)
    public List<Views.HouseholdView> versions(@PathVariable String id, Principal user) {
        List<Views.HouseholdView> out = store.register().versions(id).stream().map(Views.HouseholdView::of).toList();
        store.access().record(user.getName(), id, Purpose.OPEN, null);
        return out;
    }

    @Operation(summary = "Determine the household's newest facts and record it（核定并留存记录）")
    @ApiResponse(responseCode = "201", description = "The recorded determination; Location names the record",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = Views.RecordView.class)))
    @ApiResponse(responseCode = "503", description = "No ruleset is in service: nothing can be determined",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = cn.pzh.eligibility.service.api.ProblemBody.class)))
    @PostMapping(path = "/{id}/determinations", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Views.RecordView> determine(@PathVariable String id,
            @Parameter(description = "Assessment date YYYY-MM-DD; default today in Panzhihua",
                    schema = @Schema(type = "string", format = "date"))
            @RequestParam(required = false) String asOf, Principal user) {
        List<FieldError> errors = new ArrayList<>();
        LocalDate date = AssessmentDates.parse(asOf, "asOf", errors);
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors.get(0));
        }
        DeterminationRecord r = casework.determine(id, date == null ? AssessmentDates.today() : date,
                rulesets.require(), user.getName());
        return ResponseEntity.created(URI.create("/api/v1/determinations/" + r.recordId()))
                .body(Views.RecordView.of(r, true));
    }

    @Operation(summary = "The household's determinations, newest first（核定记录，最新在前；最新一条为现行）")
    @GetMapping(path = "/{id}/determinations", produces = MediaType.APPLICATION_JSON_VALUE)
    public List<Views.RecordView> history(@PathVariable String id, Principal user) {
        store.register().require(id);
        List<DeterminationRecord> records = store.records().history(id);
        store.access().record(user.getName(), id, Purpose.OPEN, null);
        List<Views.RecordView> out = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            out.add(Views.RecordView.of(records.get(i), i == 0));
        }
        return out;
    }

    @Operation(summary = "The printable notice of a recorded determination（核定结果告知书，HTML）")
    @GetMapping(path = "/{id}/determinations/{recordId}/notice", produces = MediaType.TEXT_HTML_VALUE)
    public ResponseEntity<String> notice(@PathVariable String id, @PathVariable long recordId, Principal user) {
        DeterminationRecord r = store.records().require(recordId);
        if (!r.householdId().equals(id)) {
            throw new NotFoundException("record " + recordId + " is not one of household " + id,
                    "核定记录 " + recordId + " 不属于家庭 " + id);
        }
        HouseholdVersion facts = store.register().version(id, r.factsVersion()).orElseThrow();
        String html = notices.render(r, facts);
        store.access().record(user.getName(), id, Purpose.PRINT, recordId);
        return ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
                .header(HttpHeaders.CACHE_CONTROL, "no-store").body(html);
    }
}
