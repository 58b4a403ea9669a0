package cn.pzh.eligibility.evaluation;

import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;

/**
 * Records each fired rule on the {@link Case} it fired for. Holds no state of its own: the record goes into the
 * case found among the matched facts, so one listener serves every thread.
 */
final class FiredRuleRecorder extends DefaultAgendaEventListener {

    @Override
    public void afterMatchFired(AfterMatchFiredEvent event) {
        for (Object o : event.getMatch().getObjects()) {
            Case c = caseOf(o);
            if (c != null) {
                c.recordFired(event.getMatch().getRule().getName());
                return;
            }
        }
    }

    /** The case of a fact of the engine's own types, or null. */
    static Case directCase(Object o) {
        if (o instanceof Case c) {
            return c;
        }
        if (o instanceof Person p) {
            return p.getKase();
        }
        if (o instanceof MedicalItem i) {
            return i.getPerson().getKase();
        }
        if (o instanceof Finding f) {
            return f.getKase();
        }
        if (o instanceof CountableIncome ci) {
            return ci.getKase();
        }
        return null;
    }

    private static Case caseOf(Object o) {
        Case direct = directCase(o);
        if (direct != null) {
            return direct;
        }
        // Facts declared in the rule files carry their case as "kase", or a person, or a medical item.
        for (String getter : new String[] {"getKase", "getPerson", "getItem"}) {
            try {
                Object inner = o.getClass().getMethod(getter).invoke(o);
                Case c = inner == null ? null : caseOf(inner);
                if (c != null) {
                    return c;
                }
            } catch (ReflectiveOperationException e) {
                // not this getter
            }
        }
        return null;
    }
}
