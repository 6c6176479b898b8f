package io.kpool.core.supervision;

import io.kpool.core.config.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * Moving the queued tasks off slots that will not run again, and moving them again when a move
 * does not finish: until one does, the slot's queued tasks sit where no worker will take them. A
 * failed move is run again after the restart backoff (its minimum, doubled for each further failure
 * in a row), under a new incarnation that fences the failed one.
 */
final class Evacuations {

    private final SupervisorPolicy policy;
    private final DoubleSupplier random;
    private final Map<Integer, Instant> retryAt = new HashMap<>();
    private final Map<Integer, Integer> failuresInARow = new HashMap<>();

    Evacuations(SupervisorPolicy policy, DoubleSupplier random) {
        this.policy = policy;
        this.random = random;
    }

    /** The slot will not run: its queued tasks go to the others, under a new incarnation that fences the old. */
    void start(Child child, Instant now, List<SupervisorCommand> out) {
        retryAt.remove(child.slot());
        long incarnation = child.fence();
        child.remember(now, "evacuating", "moving its queued tasks to the other workers (incarnation "
                + incarnation + ")");
        out.add(new SupervisorCommand.Evacuate(child.slot(), incarnation, child.ledger().verdicts()));
    }

    /** The move of the child's current incarnation ended; a failed one is scheduled again. */
    void ended(Child child, SupervisorInput.EvacuationEnded ended, Instant now) {
        if (child.incarnation() != ended.incarnation() || child.state().hasProcess()) {
            return;
        }
        if (ended.moved()) {
            failuresInARow.remove(child.slot());
            child.remember(now, "evacuated", "its queued tasks went to the other workers");
            return;
        }
        int failures = failuresInARow.merge(child.slot(), 1, Integer::sum);
        Duration wait = policy.restart().backoff().delay(failures + 1, random);
        retryAt.put(child.slot(), now.plus(wait));
        child.remember(now, "evacuation_failed", ended.detail() + "; trying again in " + Durations.format(wait));
    }

    /** Starts again the moves whose wait is over. */
    void due(Collection<Child> children, Instant now, List<SupervisorCommand> out) {
        for (Child child : children) {
            Instant at = retryAt.get(child.slot());
            if (at != null && !now.isBefore(at)) {
                start(child, now, out);
            }
        }
    }
}
