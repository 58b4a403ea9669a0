package cn.pzh.eligibility.evaluation;

import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;

/**
 * Stops an evaluation whose case is past its deadline, before the next rule fires. Holds no state: the deadline
 * is on the {@link Case}, so one listener serves every thread.
 */
final class DeadlineGuard extends DefaultAgendaEventListener {

    /** Thrown through the rule session and turned into an {@link EvaluationTimeoutException} by the evaluator. */
    static final class Expired extends RuntimeException {
        Expired() {
            super("deadline passed", null, false, false);
        }
    }

    @Override
    public void beforeMatchFired(BeforeMatchFiredEvent event) {
        for (Object o : event.getMatch().getObjects()) {
            Case c = o instanceof Case k ? k : o instanceof Person p ? p.getKase()
                    : o instanceof MedicalItem i ? i.getPerson().getKase() : o instanceof Finding f ? f.getKase() : null;
            if (c != null) {
                c.checkDeadline();
                return;
            }
        }
    }
}
