package cn.pzh.eligibility.service.reeval;

import cn.pzh.eligibility.input.FieldError;
import cn.pzh.eligibility.service.api.ProblemBody;
import cn.pzh.eligibility.service.web.AssessmentDates;
import cn.pzh.eligibility.service.web.InvalidRequestException;
import cn.pzh.eligibility.service.web.JsonBodies;
import cn.pzh.eligibility.store.AccessRecords.Purpose;
import cn.pzh.eligibility.store.HouseholdVersion;
import cn.pzh.eligibility.store.Reevaluations;
import cn.pzh.eligibility.store.Reevaluations.Filter;
import cn.pzh.eligibility.store.Reevaluations.Item;
import cn.pzh.eligibility.store.Reevaluations.Run;
import cn.pzh.eligibility.store.Store;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Re-evaluation of the register at a new date (shared REEVAL-API.md): starting, stopping and resuming runs, their
 * errors and impact are policy staff's (POLICY); reading the runs, the worklist, confirmation, townships and notices
 * caseworkers' too (CASEWORKER; see SecurityConfig). Thin: the store and the runner decide.
 */
@RestController
@RequestMapping("/api/v1/reevaluations")
public class ReevaluationController {

    private static final Set<String> KINDS = Set.of("ADDED", "STOPPED", "ADJUSTED");
    private static final Set<String> SORTS = Set.of("place", "kind", "change");
    private static final Set<String> STATUSES = Set.of("PROPOSED", "CONFIRMED");
    private static final int MAX_LIMIT = 500;

    private final ReevaluationService service;
    private final Store store;
    private final AdjustmentNoticeRenderer notices;

    public ReevaluationController(ReevaluationService service, Store store, AdjustmentNoticeRenderer notices) {
        this.service = service;
        this.store = store;
        this.notices = notices;
    }

    @Operation(operationId = "reevaluationStart",
            summary = "Start a re-evaluation of the register at a new date（发起重新核定；政策科室角色）")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
            description = "{ asOf, county, township, baselineAsOf }: county/township/baselineAsOf may be null",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = ReevaluationViews.StartRequest.class)))
    @ApiResponse(responseCode = "202", description = "The run, queued; Location names it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = ReevaluationViews.RunView.class)))
    @ApiResponse(responseCode = "400", description = "A field is missing or invalid",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemBody.class)))
    @ApiResponse(responseCode = "503", description = "No ruleset is in service, too many runs are waiting (the run "
            + "is then STOPPED, to be resumed), or the service is stopping",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemBody.class)))
    @PostMapping(consumes = {MediaType.APPLICATION_JSON_VALUE, "application/*+json"},
            produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<ReevaluationViews.RunView> start(HttpServletRequest request, Principal user)
            throws IOException {
        JsonNode body = JsonBodies.read(request.getInputStream(), 1 << 16);
        List<FieldError> errors = new ArrayList<>();
        if (!body.isObject()) {
            throw new InvalidRequestException(new FieldError("$", "must be a JSON object", "请求体应为 JSON 对象"));
        }
        String asOfRaw = text(body, "asOf", errors);
        String baseRaw = text(body, "baselineAsOf", errors);
        String county = text(body, "county", errors);
        String township = text(body, "township", errors);
        if (asOfRaw == null && errors.isEmpty()) {
            errors.add(new FieldError("asOf", "is required (YYYY-MM-DD)", "须填写新的核定日期（YYYY-MM-DD）"));
        }
        LocalDate asOf = asOfRaw == null ? null : AssessmentDates.parse(asOfRaw, "asOf", errors);
        LocalDate baselineAsOf = baseRaw == null ? null : AssessmentDates.parse(baseRaw, "baselineAsOf", errors);
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors.get(0));
        }
        Run run = service.start(asOf, baselineAsOf, county, township, user.getName());
        return ResponseEntity.accepted().location(URI.create("/api/v1/reevaluations/" + run.id()))
                .body(ReevaluationViews.RunView.of(run));
    }

    @Operation(operationId = "reevaluationList",
            summary = "Re-evaluation runs, newest first（重新核定批次，最新在前）")
    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    public ReevaluationViews.RunList list() {
        return new ReevaluationViews.RunList(service.runs().list(200).stream().map(ReevaluationViews.RunView::of)
                .toList());
    }

    @Operation(operationId = "reevaluationGet",
            summary = "One run: state and progress（重新核定批次的状态与进度）")
    @ApiResponse(responseCode = "404", description = "No such run",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemBody.class)))
    @ApiResponse(responseCode = "200", description = "The run",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = ReevaluationViews.RunView.class)))
    @GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    public ReevaluationViews.RunView get(@PathVariable long id) {
        return ReevaluationViews.RunView.of(service.runs().require(id));
    }

    @Operation(operationId = "reevaluationStop",
            summary = "Stop a running run at its next chunk（停止；可继续）")
    @ApiResponse(responseCode = "200", description = "The run, asked to stop: STOPPED after its current chunk",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = ReevaluationViews.RunView.class)))
    @ApiResponse(responseCode = "409", description = "The run is not queued or running",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemBody.class)))
    @PostMapping(path = "/{id}/stop", produces = MediaType.APPLICATION_JSON_VALUE)
    public ReevaluationViews.RunView stop(@PathVariable long id) {
        return ReevaluationViews.RunView.of(service.stop(id));
    }

    @Operation(operationId = "reevaluationResume",
            summary = "Continue a STOPPED or FAILED run after its last stored chunk（继续已停止的重新核定）")
    @ApiResponse(responseCode = "202", description = "The run, queued again",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = ReevaluationViews.RunView.class)))
    @ApiResponse(responseCode = "409", description = "The run is not STOPPED or FAILED, or the ruleset changed since "
            + "it started", content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemBody.class)))
    @ApiResponse(responseCode = "503", description = "No ruleset is in service, too many runs are waiting, or the "
            + "service is stopping", content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemBody.class)))
    @PostMapping(path = "/{id}/resume", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<ReevaluationViews.RunView> resume(@PathVariable long id) {
        return ResponseEntity.accepted().body(ReevaluationViews.RunView.of(service.resume(id)));
    }

    @Operation(operationId = "reevaluationErrors",
            summary = "Households the run could not evaluate: household id and field path, never a value"
            + "（无法核定的家庭及字段）")
    @GetMapping(path = "/{id}/errors", produces = MediaType.APPLICATION_JSON_VALUE)
    public ReevaluationViews.ErrorList errors(@PathVariable long id,
            @RequestParam(defaultValue = "500") int limit) {
        Run run = service.runs().require(id);
        return new ReevaluationViews.ErrorList(run.errors(), service.runs().errors(id, clamp(limit)));
    }

    @Operation(operationId = "reevaluationWorklist",
            summary = "The worklist: households whose entitlements change（调整事项清单；经办人员角色）")
    @GetMapping(path = "/{id}/worklist", produces = MediaType.APPLICATION_JSON_VALUE)
    public ReevaluationViews.Worklist worklist(@PathVariable long id,
            @RequestParam(required = false) String county, @RequestParam(required = false) String township,
            @RequestParam(required = false) String village,
            @Parameter(schema = @Schema(allowableValues = {"ADDED", "STOPPED", "ADJUSTED"}))
            @RequestParam(required = false) String kind,
            @Parameter(schema = @Schema(allowableValues = {"PROPOSED", "CONFIRMED"}))
            @RequestParam(required = false) String status,
            @Parameter(schema = @Schema(allowableValues = {"place", "kind", "change"}))
            @RequestParam(required = false) String sort, @RequestParam(defaultValue = "0") int offset,
            @RequestParam(defaultValue = "50") int limit, Principal user) {
        service.runs().require(id);
        Filter f = filter(county, township, village, kind, status);
        if (sort != null && !sort.isBlank() && !SORTS.contains(sort)) {
            throw new InvalidRequestException(new FieldError("sort", "must be place, kind or change",
                    "排序只能是 place（地区）、kind（类型）或 change（变化额）"));
        }
        if (offset < 0) {
            throw new InvalidRequestException(new FieldError("offset", "must be 0 or more", "offset 不能为负数"));
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidRequestException(new FieldError("limit", "must be 1 to " + MAX_LIMIT,
                    "limit 应在 1 至 " + MAX_LIMIT + " 之间"));
        }
        List<Item> items = service.runs().items(id, f, sort, offset, limit);
        store.access().recordSearch(user.getName(), items.stream().map(Item::householdId).toList());
        return new ReevaluationViews.Worklist(service.runs().countItems(id, f), offset, limit,
                items.stream().map(i -> ReevaluationViews.ItemView.of(i, facts(i).document())).toList());
    }

    @Operation(operationId = "reevaluationTownships",
            summary = "The run's townships with their items and how many are confirmed（按乡镇统计调整事项及已确认户数）",
            description = "One entry per county and township that has items, ordered by county and township; a "
                    + "township's name may occur in more than one county")
    @ApiResponse(responseCode = "200", description = "The townships; none when nothing changed",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = ReevaluationViews.TownshipList.class)))
    @ApiResponse(responseCode = "404", description = "No such run",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemBody.class)))
    @GetMapping(path = "/{id}/townships", produces = MediaType.APPLICATION_JSON_VALUE)
    public ReevaluationViews.TownshipList townships(@PathVariable long id) {
        service.runs().require(id);
        return new ReevaluationViews.TownshipList(service.runs().townships(id));
    }

    @Operation(operationId = "reevaluationWorklistCsv",
            summary = "The worklist as CSV (UTF-8 with BOM, Chinese headers)（调整事项清单 CSV）")
    @GetMapping(path = "/{id}/worklist.csv", produces = "text/csv")
    public ResponseEntity<byte[]> csv(@PathVariable long id,
            @RequestParam(required = false) String county, @RequestParam(required = false) String township,
            @RequestParam(required = false) String village,
            @Parameter(schema = @Schema(allowableValues = {"ADDED", "STOPPED", "ADJUSTED"}))
            @RequestParam(required = false) String kind,
            @Parameter(schema = @Schema(allowableValues = {"PROPOSED", "CONFIRMED"}))
            @RequestParam(required = false) String status,
            @Parameter(schema = @Schema(allowableValues = {"place", "kind", "change"}))
            @RequestParam(required = false) String sort, Principal user) {
        service.runs().require(id);
        Filter f = filter(county, township, village, kind, status);
        String order = sort != null && SORTS.contains(sort) ? sort : "place";
        StringBuilder b = new StringBuilder("\uFEFF");
        b.append("家庭编号,户主,县区,乡镇,村,调整类型,状态,调整前每月合计,调整后每月合计,调整前按年合计,调整后按年合计,"
                + "调整项目,调整原因,核定记录编号\r\n");
        List<String> ids = new ArrayList<>();
        for (int off = 0;; off += MAX_LIMIT) {
            List<Item> page = service.runs().items(id, f, order, off, MAX_LIMIT);
            for (Item i : page) {
                ids.add(i.householdId());
                List<String> what = new ArrayList<>();
                java.util.Set<String> why = new java.util.LinkedHashSet<>();
                for (ReevaluationViews.ChangeView c : ReevaluationViews.changes(i)) {
                    what.add(c.name() + " " + (c.before() == null ? "—" : c.before().toPlainString()) + "→"
                            + (c.after() == null ? "停发" : c.after().toPlainString()));
                    why.addAll(c.attribution());
                }
                b.append(String.join(",", List.of(csv(i.householdId()), csv(headName(i)), csv(i.county()),
                        csv(i.township()), csv(i.village()), csv(ReevaluationViews.kindLabel(i.kind())),
                        csv("CONFIRMED".equals(i.status()) ? "已确认" : "待确认"),
                        i.beforeMonthly().toPlainString(), i.afterMonthly().toPlainString(),
                        i.beforeAnnual().toPlainString(), i.afterAnnual().toPlainString(),
                        csv(String.join("；", what)), csv(String.join("；", why)),
                        i.recordId() == null ? "" : i.recordId().toString()))).append("\r\n");
            }
            if (page.size() < MAX_LIMIT) {
                break;
            }
        }
        store.access().recordSearch(user.getName(), ids);
        return ResponseEntity.ok().contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"reevaluation-" + id + ".csv\"")
                .header(HttpHeaders.CACHE_CONTROL, "no-store").body(b.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Operation(operationId = "reevaluationConfirm",
            summary = "Confirm one item: its proposed determination becomes the household's recorded one"
            + "（确认调整：记入核定记录）")
    @ApiResponse(responseCode = "409", description = "Confirmed already, or the household changed since the run",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemBody.class)))
    @ApiResponse(responseCode = "200", description = "The item, CONFIRMED, with its recordId",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = ReevaluationViews.ItemView.class)))
    @PostMapping(path = "/{id}/worklist/{householdId}/confirm", produces = MediaType.APPLICATION_JSON_VALUE)
    public ReevaluationViews.ItemView confirm(@PathVariable long id, @PathVariable String householdId,
            Principal user) {
        Item i = service.runs().confirm(id, householdId, user.getName());
        return ReevaluationViews.ItemView.of(i, facts(i).document());
    }

    @Operation(operationId = "reevaluationNotice",
            summary = "The 调整告知书 / 停发告知书 of a confirmed item (HTML)（调整/停发告知书）")
    @ApiResponse(responseCode = "200", description = "The notice, a page to print",
            content = @Content(mediaType = MediaType.TEXT_HTML_VALUE, schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "409", description = "The item is not confirmed yet",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemBody.class)))
    @GetMapping(path = "/{id}/worklist/{householdId}/notice", produces = MediaType.TEXT_HTML_VALUE)
    public ResponseEntity<String> notice(@PathVariable long id, @PathVariable String householdId, Principal user) {
        Run run = service.runs().require(id);
        Item i = service.runs().requireItem(id, householdId);
        if (!"CONFIRMED".equals(i.status())) {
            throw ReevalProblem.conflict("Household " + householdId + " is not confirmed in run " + id
                    + "; a notice is printed after confirmation（确认调整后方可打印告知书）");
        }
        String html = notices.single(run, i, facts(i));
        store.access().record(user.getName(), householdId, Purpose.PRINT, i.recordId());
        return html(html);
    }

    @Operation(operationId = "reevaluationNotices",
            summary = "Every confirmed item of a township, one page per household (HTML)（按乡镇批量打印告知书）",
            description = "county is needed when the township's name occurs in more than one county of the run")
    @GetMapping(path = "/{id}/notices", produces = MediaType.TEXT_HTML_VALUE)
    public ResponseEntity<String> notices(@PathVariable long id,
            @Parameter(description = "县区: needed when the township's name occurs in more than one county")
            @RequestParam(required = false) String county,
            @Parameter(required = true, description = "乡镇: the township whose confirmed items are printed")
            @RequestParam(required = false) String township,
            Principal user) {
        Run run = service.runs().require(id);
        String t = blank(township);
        String c = blank(county);
        if (t == null) {
            throw new InvalidRequestException(new FieldError("township", "is required", "须指定乡镇"));
        }
        if (c == null && service.runs().townships(id).stream().filter(x -> x.township().equals(t))
                .map(Reevaluations.Township::county).distinct().count() > 1) {
            // Township names repeat across counties (大田镇): one township's print never mixes in another's.
            throw new InvalidRequestException(new FieldError("county", "the township " + t
                    + " occurs in more than one county: give county too", "多个县区都有名为“" + t + "”的乡镇，请同时指定县区"));
        }
        List<Item> items = new ArrayList<>();
        Filter f = new Filter(c, t, null, null, "CONFIRMED");
        for (int off = 0;; off += MAX_LIMIT) {
            List<Item> page = service.runs().items(id, f, "place", off, MAX_LIMIT);
            items.addAll(page);
            if (page.size() < MAX_LIMIT) {
                break;
            }
        }
        String html = notices.bulk(run, (c == null ? "" : c) + t, items, this::facts);
        for (Item i : items) {
            store.access().record(user.getName(), i.householdId(), Purpose.PRINT, i.recordId());
        }
        return html(html);
    }

    @Operation(operationId = "reevaluationImpact",
            summary = "The run's impact: coverage, cost by county and entitlement, gain/loss bands（影响分析）")
    @GetMapping(path = "/{id}/impact", produces = MediaType.APPLICATION_JSON_VALUE)
    public ReevaluationViews.Impact impact(@PathVariable long id) {
        return ReevaluationViews.impact(service.runs().require(id));
    }

    @ExceptionHandler(Reevaluations.ConfirmConflictException.class)
    ResponseEntity<ProblemDetail> confirmed(Reevaluations.ConfirmConflictException e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                e.getMessage() + "（" + e.messageZh() + "）");
        p.setType(URI.create("urn:pzh-eligibility:problem:reevaluation-conflict"));
        p.setTitle("Conflict（状态冲突）");
        return ResponseEntity.status(HttpStatus.CONFLICT).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(p);
    }

    private HouseholdVersion facts(Item i) {
        return store.register().version(i.householdId(), i.factsVersion()).orElseThrow();
    }

    private String headName(Item i) {
        for (JsonNode m : facts(i).document().get("members")) {
            if ("HEAD".equals(m.path("relation").asString(""))) {
                return m.path("name").asString("");
            }
        }
        return "";
    }

    private static Filter filter(String county, String township, String village, String kind, String status) {
        String k = blank(kind);
        if (k != null && !KINDS.contains(k)) {
            throw new InvalidRequestException(new FieldError("kind", "must be ADDED, STOPPED or ADJUSTED",
                    "类型只能是 ADDED（新增）、STOPPED（停发）或 ADJUSTED（金额调整）"));
        }
        String st = blank(status);
        if (st != null && !STATUSES.contains(st)) {
            throw new InvalidRequestException(new FieldError("status", "must be PROPOSED or CONFIRMED",
                    "状态只能是 PROPOSED（待确认）或 CONFIRMED（已确认）"));
        }
        return new Filter(blank(county), blank(township), blank(village), k, st);
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static String text(JsonNode body, String field, List<FieldError> errors) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isString()) {
            errors.add(new FieldError(field, "must be a string or null", field + " 应为文本或 null"));
            return null;
        }
        return blank(v.asString());
    }

    private static int clamp(int limit) {
        return Math.max(1, Math.min(limit, 5000));
    }

    private static String csv(String s) {
        if (s == null) {
            return "";
        }
        // A cell starting with = + - @ would be a formula in a spreadsheet.
        String v = !s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0 ? "'" + s : s;
        return v.contains(",") || v.contains("\"") || v.contains("\n") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }

    private static ResponseEntity<String> html(String html) {
        return ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .header(HttpHeaders.CACHE_CONTROL, "no-store").body(html);
    }
}
