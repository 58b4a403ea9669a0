package cn.pzh.eligibility.service.register;

import cn.pzh.eligibility.batch.RulesetDiff;
import cn.pzh.eligibility.evaluation.Determination;
import cn.pzh.eligibility.store.Casework;
import cn.pzh.eligibility.store.DeterminationRecord;
import cn.pzh.eligibility.store.HouseholdVersion;
import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** What the register's API answers: records of the store, shaped for JSON. */
public final class Views {

    private Views() {
    }

    /** One version of a household: the whole register document (identity included: this is the register). */
    public record HouseholdView(String householdId, int version, String savedBy, Instant savedAt,
            @io.swagger.v3.oas.annotations.media.Schema(types = "object", description = "The household as registered: the facts of shared/spec plus address, phone and members' name, idNumber and relation")
            ObjectNode household) {
        static HouseholdView of(HouseholdVersion v) {
            return new HouseholdView(v.householdId(), v.version(), v.savedBy(), v.savedAt(), v.document());
        }
    }

    /** A recorded determination; {@code determination} is the stored bytes, verbatim. */
    public record RecordView(long recordId, String householdId, int factsVersion, LocalDate asOf, String rulesetVersion,
            String determinedBy, Instant determinedAt, String inputSha256, boolean current, String notice,
            @JsonRawValue String determination) {
        static RecordView of(DeterminationRecord r, boolean current) {
            return new RecordView(r.recordId(), r.householdId(), r.factsVersion(), r.asOf(), r.rulesetVersion(),
                    r.determinedBy(), r.determinedAt(), r.inputSha256(), current,
                    "/api/v1/households/" + r.householdId() + "/determinations/" + r.recordId() + "/notice", r.json());
        }
    }

    public record ReplayView(long recordId, String recordedRulesetVersion, String rulesetVersion, boolean identical,
            @JsonRawValue String determination, List<Casework.Difference> differences,
            Determination.Totals totalsBefore, Determination.Totals totalsAfter, RulesetDiff rulesetChanges) {
        static ReplayView of(Casework.Replay r) {
            return new ReplayView(r.record().recordId(), r.record().rulesetVersion(), r.rulesetVersion(), r.identical(),
                    new String(r.determination(), java.nio.charset.StandardCharsets.UTF_8), r.differences(),
                    r.totalsBefore(), r.totalsAfter(), r.rulesetDiff());
        }
    }

    public record SearchView(String q, String township, String village, int count, int limit,
            List<cn.pzh.eligibility.store.SearchHit> households) {
    }

    public record VersionConflictView(String householdId, int baseVersion, int currentVersion, HouseholdView base,
            HouseholdView current) {
    }
}
