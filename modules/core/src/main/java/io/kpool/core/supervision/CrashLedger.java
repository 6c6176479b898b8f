package io.kpool.core.supervision;

import io.kpool.protocol.DeadLetter;
import io.kpool.protocol.WorkerStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The crashes each task of one slot has caused. A task that has crashed the worker
 * {@code maxAttempts} times gets a {@link PoisonVerdict}; entries are forgotten once the worker has
 * moved past the task. At most {@link #MAX_SUSPECTS} tasks are remembered.
 */
final class CrashLedger {

    static final int MAX_SUSPECTS = 64;

    private final int slot;
    private final int maxAttempts;
    private final TreeMap<Long, Suspect> suspects = new TreeMap<>();
    private final TreeMap<Long, PoisonVerdict> verdicts = new TreeMap<>();

    private record Suspect(String jobId, List<DeadLetter.Crash> crashes) {
    }

    CrashLedger(int slot, int maxAttempts) {
        this.slot = slot;
        this.maxAttempts = maxAttempts;
    }

    /** Records a crash while the worker ran {@code culprit}; answers the verdict if this was one crash too many. */
    Optional<PoisonVerdict> record(Culprit culprit, DeadLetter.Crash crash) {
        if (verdicts.containsKey(culprit.offset())) {
            return Optional.empty();
        }
        Suspect suspect = suspects.get(culprit.offset());
        if (suspect == null || !suspect.jobId().equals(culprit.jobId())) {
            suspect = new Suspect(culprit.jobId(), new ArrayList<>());
            suspects.put(culprit.offset(), suspect);
        }
        suspect.crashes().add(crash);
        if (suspect.crashes().size() >= maxAttempts) {
            suspects.remove(culprit.offset());
            PoisonVerdict verdict = new PoisonVerdict(culprit.offset(), culprit.jobId(),
                    new DeadLetter.Evidence(slot, List.copyOf(suspect.crashes())));
            verdicts.put(culprit.offset(), verdict);
            return Optional.of(verdict);
        }
        while (suspects.size() > MAX_SUSPECTS) {
            suspects.pollFirstEntry();
        }
        return Optional.empty();
    }

    /** The worker will next take the task at {@code position}: everything before it is settled. */
    void passed(long position) {
        suspects.headMap(position).clear();
        verdicts.headMap(position).clear();
    }

    /** The verdicts the next incarnation must carry out. */
    List<PoisonVerdict> verdicts() {
        return List.copyOf(verdicts.values());
    }

    /** The offsets of the tasks that crashed a worker and are not judged yet. */
    Set<Long> suspectOffsets() {
        return Set.copyOf(suspects.keySet());
    }

    /** Everything not settled yet, to publish with the slot's state. */
    List<WorkerStatus.Suspect> suspects() {
        List<WorkerStatus.Suspect> all = new ArrayList<>();
        suspects.forEach((offset, s) -> all.add(new WorkerStatus.Suspect(offset, s.jobId(), List.copyOf(s.crashes()), false)));
        verdicts.forEach((offset, v) -> all.add(new WorkerStatus.Suspect(offset, v.jobId(), v.evidence().crashes(), true)));
        return all;
    }

    /** Takes back what a previous supervisor published. */
    void restore(List<WorkerStatus.Suspect> published) {
        for (WorkerStatus.Suspect s : published) {
            if (s.poisoned()) {
                verdicts.put(s.offset(), new PoisonVerdict(s.offset(), s.jobId(), new DeadLetter.Evidence(slot, s.crashes())));
            } else {
                suspects.put(s.offset(), new Suspect(s.jobId(), new ArrayList<>(s.crashes())));
            }
        }
    }

    /** How many crashes the task at {@code offset} has caused so far (0 once it has a verdict). */
    int crashes(long offset) {
        Suspect suspect = suspects.get(offset);
        return suspect == null ? 0 : suspect.crashes().size();
    }
}
