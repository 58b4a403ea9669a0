package cn.pzh.eligibility.input;

import cn.pzh.eligibility.model.Household;
import cn.pzh.eligibility.model.Member;
import cn.pzh.eligibility.params.Params;
import java.time.LocalDate;
import cn.pzh.eligibility.model.Ages;
import java.util.ArrayList;
import java.util.List;

/** The checks of a household that depend on the assessment date (and so on the parameters in force then). */
public final class DateChecks {

    private DateChecks() {
    }

    public static List<FieldError> check(Household h, LocalDate asOf, Params params) {
        List<FieldError> errors = new ArrayList<>();
        if (!params.undefinedOnDate().isEmpty()) {
            String first = params.firstCoveredDate() == null ? "" : params.firstCoveredDate().toString();
            errors.add(new FieldError("asOf", "the ruleset covers assessment dates from " + first + "; " + asOf
                    + " is before it (parameters " + params.undefinedOnDate().stream().sorted().toList()
                    + " have no value yet)",
                    "本规则集只核定 " + first + " 及以后的日期，核定日期 " + asOf + " 早于该日，无法核定（"
                            + String.join("、", params.undefinedOnDate().stream().sorted().toList()) + " 尚无取值）"));
            return errors;
        }
        if (h.returnedDate() != null && h.returnedDate().isAfter(asOf)) {
            errors.add(new FieldError("returnedDate", "is after the assessment date " + asOf,
                    "返贫日期晚于核定日期 " + asOf));
        }
        int minWork = params.integer("work_age.min");
        int maxWork = params.integer("work_age.max");
        for (int i = 0; i < h.members().size(); i++) {
            Member m = h.members().get(i);
            String p = "members[" + i + "]";
            if (m.birthDate().isAfter(asOf)) {
                errors.add(new FieldError(p + ".birthDate", "is after the assessment date " + asOf,
                        "出生日期晚于核定日期 " + asOf));
                continue;
            }
            int age = Ages.completedYears(m.birthDate(), asOf);
            if (m.laborCapacity() == null && age >= minWork && age <= maxWork) {
                errors.add(new FieldError(p + ".laborCapacity", "is required for a member aged " + minWork + "–"
                        + maxWork + " (this member is " + age + ")",
                        "劳动年龄（" + minWork + "–" + maxWork + " 周岁）成员必须填写劳动能力（该成员 " + age + " 周岁）"));
            }
            for (int j = 0; j < m.medicalCosts().size(); j++) {
                if (m.medicalCosts().get(j).date().isAfter(asOf)) {
                    errors.add(new FieldError(p + ".medicalCosts[" + j + "].date", "is after the assessment date " + asOf,
                            "医疗费用日期晚于核定日期 " + asOf));
                }
            }
        }
        return errors;
    }
}
