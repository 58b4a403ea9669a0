package cn.pzh.eligibility.service.api;

import cn.pzh.eligibility.input.FieldError;
import cn.pzh.eligibility.params.ParamValue;
import cn.pzh.eligibility.params.Params;
import cn.pzh.eligibility.rules.Ruleset;
import cn.pzh.eligibility.service.config.RulesetHolder;
import cn.pzh.eligibility.service.web.AssessmentDates;
import cn.pzh.eligibility.service.web.InvalidRequestException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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
    @GetMapping
    public ParametersView parameters(
            @Parameter(description = "YYYY-MM-DD; default today in Panzhihua") @RequestParam(required = false) String asOf) {
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
        return new ParametersView(on, rs.version(), views, params.undefinedOnDate().stream().sorted().toList());
    }
}
