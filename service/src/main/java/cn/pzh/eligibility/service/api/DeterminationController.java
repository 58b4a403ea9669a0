package cn.pzh.eligibility.service.api;

import cn.pzh.eligibility.evaluation.Determination;
import cn.pzh.eligibility.evaluation.Evaluator;
import cn.pzh.eligibility.evaluation.RuleEvaluationException;
import cn.pzh.eligibility.input.FieldError;
import cn.pzh.eligibility.input.InvalidHouseholdException;
import cn.pzh.eligibility.model.Household;
import cn.pzh.eligibility.evaluation.Ruleset;
import cn.pzh.eligibility.service.config.RulesetHolder;
import cn.pzh.eligibility.service.web.AssessmentDates;
import cn.pzh.eligibility.service.web.HouseholdRequests;
import cn.pzh.eligibility.service.web.InvalidRequestException;
import cn.pzh.eligibility.service.web.JsonBodies;
import cn.pzh.eligibility.service.web.Limits;
import cn.pzh.eligibility.service.web.RequestBudget;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@RestController
@RequestMapping("/api/v1/determinations")
public class DeterminationController {

    /** The default of limits.batch-households, for the OpenAPI document (annotations need a constant). */
    public static final int MAX_BATCH = 1000;

    private final RulesetHolder rulesets;
    private final Limits limits;
    private final CoalescingEvaluator evaluator = new CoalescingEvaluator(Runtime.getRuntime().availableProcessors());

    public DeterminationController(RulesetHolder rulesets, Limits limits) {
        this.rulesets = rulesets;
        this.limits = limits;
    }

    @Operation(summary = "Determine one household's entitlements（核定一户的救助待遇）",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                    description = "A household as in shared/spec; may carry asOf at the top",
                    content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = Household.class))))
    @ApiResponse(responseCode = "200", description = "The determination",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = Determination.class)))
    @ApiResponse(responseCode = "400", description = "Field errors with path, message and messageZh",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemBody.class)))
    @ApiResponse(responseCode = "413", description = "The body is larger than 1 MB",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemBody.class)))
    @ApiResponse(responseCode = "500", description = "The rules failed on this household (not the caller's fault)",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemBody.class)))
    @ApiResponse(responseCode = "503", description = "No ruleset is loaded",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemBody.class)))
    @PostMapping(consumes = {MediaType.APPLICATION_JSON_VALUE, "application/*+json"},
            produces = MediaType.APPLICATION_JSON_VALUE)
    public Determination determine(
            @Parameter(description = "Assessment date YYYY-MM-DD; default today in Panzhihua",
                    schema = @Schema(type = "string", format = "date"))
            @RequestParam(required = false) String asOf,
            HttpServletRequest request) throws IOException {
        List<FieldError> queryErrors = new ArrayList<>();
        LocalDate queryAsOf = AssessmentDates.parse(asOf, "asOf", queryErrors);
        JsonNode body = JsonBodies.read(request.getInputStream(), limits.determinationBody().toBytes());
        if (body.isObject()) {
            RequestBudget.check(List.of(body), false, limits);
        }
        HouseholdRequests.Parsed parsed = HouseholdRequests.read(body, queryAsOf, queryErrors);
        return evaluator.evaluate(rulesets.require(), parsed.household(), parsed.asOf());
    }

    @Operation(summary = "Determine up to 1,000 households in one call（批量核定，每批最多 1000 户）",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                    description = "A JSON array of households; each may carry its own asOf",
                    content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                            array = @ArraySchema(schema = @Schema(implementation = Household.class), maxItems = MAX_BATCH))))
    @ApiResponse(responseCode = "200", description = "One result per household, in input order",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = BatchResponse.class)))
    @ApiResponse(responseCode = "400", description = "Not an array, more than 1,000 households, or a bad asOf",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemBody.class)))
    @ApiResponse(responseCode = "413", description = "The body is larger than 32 MB",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemBody.class)))
    @ApiResponse(responseCode = "503", description = "No ruleset is loaded",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemBody.class)))
    @PostMapping(path = "/batch", consumes = {MediaType.APPLICATION_JSON_VALUE, "application/*+json"},
            produces = MediaType.APPLICATION_JSON_VALUE)
    public BatchResponse determineBatch(
            @Parameter(description = "Assessment date YYYY-MM-DD for households that carry none; default today",
                    schema = @Schema(type = "string", format = "date"))
            @RequestParam(required = false) String asOf,
            HttpServletRequest request) throws IOException {
        List<FieldError> queryErrors = new ArrayList<>();
        LocalDate queryAsOf = AssessmentDates.parse(asOf, "asOf", queryErrors);
        if (!queryErrors.isEmpty()) {
            throw new InvalidRequestException(queryErrors.get(0));
        }
        JsonNode body = JsonBodies.read(request.getInputStream(), limits.batchBody().toBytes());
        if (!body.isArray()) {
            throw new InvalidRequestException(new FieldError("$", "a batch must be a JSON array of households",
                    "批量核定的请求内容必须是家庭信息的 JSON 数组"));
        }
        int max = limits.batchHouseholds();
        if (body.size() > max) {
            throw new InvalidRequestException(new FieldError("$", "at most " + max
                    + " households per batch, got " + body.size(), "每批最多 " + max + " 户，本次提交了 "
                    + body.size() + " 户"));
        }
        List<JsonNode> objects = new ArrayList<>();
        body.forEach(n -> {
            if (n.isObject()) {
                objects.add(n);
            }
        });
        RequestBudget.check(objects, true, limits);
        // One snapshot for the whole batch: every result names the same ruleset version.
        Ruleset ruleset = rulesets.require();
        BatchResponse.Item[] items = new BatchResponse.Item[body.size()];
        // The households of one date are evaluated together, in one rule session.
        Map<LocalDate, List<Integer>> byDate = new LinkedHashMap<>();
        List<Household> parsed = new ArrayList<>(body.size());
        for (int i = 0; i < body.size(); i++) {
            parsed.add(null);
            try {
                HouseholdRequests.Parsed p = HouseholdRequests.read(body.get(i), queryAsOf, List.of());
                parsed.set(i, p.household());
                byDate.computeIfAbsent(p.asOf(), d -> new ArrayList<>()).add(i);
            } catch (InvalidHouseholdException e) {
                items[i] = BatchResponse.Item.invalid(i, e.householdId(), e.errors());
            }
        }
        for (Map.Entry<LocalDate, List<Integer>> group : byDate.entrySet()) {
            List<Household> households = new ArrayList<>(group.getValue().size());
            group.getValue().forEach(i -> households.add(parsed.get(i)));
            List<Evaluator.Outcome> outcomes = ruleset.evaluateAll(households, group.getKey());
            for (int k = 0; k < outcomes.size(); k++) {
                int i = group.getValue().get(k);
                items[i] = item(i, outcomes.get(k));
            }
        }
        List<BatchResponse.Item> results = List.of(items);
        int failed = 0;
        for (BatchResponse.Item item : results) {
            failed += item.determination() == null ? 1 : 0;
        }
        return new BatchResponse(ruleset.version(), results.size(), failed, results);
    }

    private static BatchResponse.Item item(int index, Evaluator.Outcome o) {
        if (o.determination() != null) {
            return BatchResponse.Item.ok(index, o.determination());
        }
        RuntimeException e = o.error();
        if (e instanceof InvalidHouseholdException ie) {
            return BatchResponse.Item.invalid(index, ie.householdId(), ie.errors());
        }
        if (e instanceof RuleEvaluationException re) {
            return BatchResponse.Item.ruleFault(index, re.householdId(), re.getMessage());
        }
        throw e;
    }
}
