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
        // Only the facts that carry their case directly: no reflection on the path of every rule firing.
        for (Object o : event.getMatch().getObjects()) {
            Case c = FiredRuleRecorder.directCase(o);
            if (c != null) {
                c.checkDeadline();
                return;
            }
        }
    }
}
