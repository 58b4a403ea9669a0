package cn.pzh.eligibility.service.api;

import cn.pzh.eligibility.evaluation.Determination;
import cn.pzh.eligibility.input.FieldError;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** {@code failed}: how many results carry errors instead of a determination. */
public record BatchResponse(String rulesetVersion, int count, int failed, List<Item> results) {

    /**
     * The result for the household at {@code index} of the input: a determination, or {@code status} INVALID
     * (field errors, the caller can fix) or RULE_FAULT (the rules failed on it, the caller cannot).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "BatchResult")
    public record Item(int index, String householdId, Status status, Determination determination,
            List<FieldError> errors) {

        public enum Status { OK, INVALID, RULE_FAULT }

        static Item ok(int index, Determination d) {
            return new Item(index, d.householdId(), Status.OK, d, null);
        }

        static Item invalid(int index, String householdId, List<FieldError> errors) {
            return new Item(index, householdId, Status.INVALID, null, errors);
        }

        static Item ruleFault(int index, String householdId, String message) {
            return new Item(index, householdId, Status.RULE_FAULT, null,
                    List.of(new FieldError("$", message, "规则执行出错，请联系规则维护人员")));
        }
    }
}
