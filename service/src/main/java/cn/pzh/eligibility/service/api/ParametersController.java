package cn.pzh.eligibility.service.api;

import cn.pzh.eligibility.input.FieldError;
import cn.pzh.eligibility.params.ParamValue;
import cn.pzh.eligibility.params.Params;
import cn.pzh.eligibility.evaluation.Ruleset;
import cn.pzh.eligibility.service.config.RulesetHolder;
import cn.pzh.eligibility.service.web.AssessmentDates;
import cn.pzh.eligibility.service.web.InvalidRequestException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/parameters")
public class ParametersController {

    /** {@code notYetInForce}: parameters whose first value starts after {@code asOf}. */
    public record ParametersView(LocalDate asOf, String rulesetVersion, List<ParameterView> parameters,
            List<String> notYetInForce) {
    }

    /** {@code value} is typed (number, boolean, date, list); {@code display} is how a caseworker reads it. */
    public record ParameterView(String name, String description, String unit, String type, LocalDate from,
            Object value, String display, String reference) {
    }

    private final RulesetHolder rulesets;

    public ParametersController(RulesetHolder rulesets) {
        this.rulesets = rulesets;
    }

    @Operation(summary = "Every parameter value in force on a date, with its source（某日有效的全部参数及依据）")
    @Parameter(in = ParameterIn.HEADER, name = "If-None-Match", required = false, schema = @Schema(type = "string"),
            description = "An ETag of an earlier answer: 304 while the ruleset version and the date are the same")
    @ApiResponse(responseCode = "200", description = "The parameters in force on asOf",
            headers = @Header(name = "ETag", description = "W/\"<ruleset version>:<asOf>\"",
                    schema = @Schema(type = "string")),
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = ParametersView.class)))
    @ApiResponse(responseCode = "304", description = "Not modified: the If-None-Match ETag still holds")
    @ApiResponse(responseCode = "503", description = "No ruleset is loaded",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemBody.class)))
    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<ParametersView> parameters(
            @Parameter(description = "YYYY-MM-DD; default today in Panzhihua",
                    schema = @Schema(type = "string", format = "date"))
            @RequestParam(required = false) String asOf) {
        List<FieldError> errors = new ArrayList<>();
        LocalDate date = AssessmentDates.parse(asOf, "asOf", errors);
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors.get(0));
        }
        LocalDate on = date == null ? AssessmentDates.today() : date;
        Ruleset rs = rulesets.require();
        Params params = rs.parameters().at(on);
        List<ParameterView> views = params.all().values().stream()
                .sorted(Comparator.comparing(ParamValue::name))
                .map(v -> new ParameterView(v.name(), v.description(), v.unit(), v.type().name(), v.from(), v.value(),
                        v.display(), v.reference()))
                .toList();
        // The values on a date are a function of the ruleset version and the date: together they are the tag.
        // Weak, since the JSON bytes are not promised (and Tomcat would not compress under a strong tag).
        return ResponseEntity.ok().eTag("W/\"" + rs.version() + ":" + on + "\"")
                .cacheControl(CacheControl.noCache().cachePrivate())
                .body(new ParametersView(on, rs.version(), views, params.undefinedOnDate().stream().sorted().toList()));
    }
}
