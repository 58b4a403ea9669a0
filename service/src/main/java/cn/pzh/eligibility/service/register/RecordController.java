package cn.pzh.eligibility.service.register;

import cn.pzh.eligibility.input.FieldError;
import cn.pzh.eligibility.service.config.RulesetHolder;
import cn.pzh.eligibility.service.web.InvalidRequestException;
import cn.pzh.eligibility.store.AccessRecords;
import cn.pzh.eligibility.store.AccessRecords.Purpose;
import cn.pzh.eligibility.store.Casework;
import cn.pzh.eligibility.store.DeterminationRecord;
import cn.pzh.eligibility.store.Store;
import io.swagger.v3.oas.annotations.Operation;
import java.security.Principal;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Recorded determinations by their record number, replay, and the access record. */
@RestController
public class RecordController {

    private final Store store;
    private final Casework casework;
    private final RulesetHolder rulesets;

    public RecordController(Store store, Casework casework, RulesetHolder rulesets) {
        this.store = store;
        this.casework = casework;
        this.rulesets = rulesets;
    }

    @Operation(summary = "One recorded determination（一条核定记录）")
    @GetMapping(path = "/api/v1/determinations/{recordId}", produces = MediaType.APPLICATION_JSON_VALUE)
    public Views.RecordView get(@PathVariable long recordId, Principal user) {
        DeterminationRecord r = store.records().require(recordId);
        List<DeterminationRecord> history = store.records().history(r.householdId());
        store.access().record(user.getName(), r.householdId(), Purpose.OPEN, recordId);
        return Views.RecordView.of(r, history.get(0).recordId() == recordId);
    }

    @Operation(summary = "Re-run a record under the ruleset it was made with, or under the rules now in service"
            + "（按原规则重算；against=current 按现行规则重算并列出差异）")
    @PostMapping(path = "/api/v1/determinations/{recordId}/replay", produces = MediaType.APPLICATION_JSON_VALUE)
    public Views.ReplayView replay(@PathVariable long recordId, @RequestParam(required = false) String against,
            Principal user) {
        if (against != null && !against.isBlank() && !against.equals("current")) {
            throw new InvalidRequestException(new FieldError("against", "must be 'current' or absent",
                    "against 只能为 current（按现行规则）或不填（按原规则）"));
        }
        boolean current = "current".equals(against);
        return Views.ReplayView.of(casework.replay(recordId, current ? rulesets.require() : null, user.getName()));
    }

    @Operation(summary = "Who opened which household and why（查阅记录；政策科室角色）")
    @GetMapping(path = "/api/v1/access-records", produces = MediaType.APPLICATION_JSON_VALUE)
    public List<AccessRecords.Access> access(@RequestParam(required = false) String householdId,
            @RequestParam(defaultValue = "200") int limit) {
        return store.access().list(householdId == null || householdId.isBlank() ? null : householdId, limit);
    }
}
