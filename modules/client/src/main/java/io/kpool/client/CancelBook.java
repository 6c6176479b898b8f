package io.kpool.client;

import io.kpool.core.intake.RawValue;
import io.kpool.protocol.DeadLetter;
import io.kpool.protocol.DeadLetterReason;
import io.kpool.protocol.Job;
import io.kpool.protocol.Json;
import io.kpool.protocol.MalformedMessageException;
import io.kpool.protocol.event.CancelRefused;
import io.kpool.protocol.event.PoolEvent;
import io.kpool.protocol.event.WorkerStopped;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code kpool cancel} has learnt of its jobs, from the records it read: first the outcomes
 * written before it asked ({@link #before}), then what came after ({@link #after}). Pure: no Kafka.
 */
public final class CancelBook {

    private final Map<String, CancelAnswer> answers = new LinkedHashMap<>();
    private final Map<String, Integer> stoppedOn = new LinkedHashMap<>();
    private boolean asked;

    public CancelBook(List<String> jobIds) {
        jobIds.forEach(id -> answers.put(id, null));
    }

    /** The outcome records written before the cancel was asked for. */
    public Recorder before() {
        return new Recorder(false);
    }

    /** The cancel is asked for: what is read from now on came after. */
    public Recorder after() {
        asked = true;
        return new Recorder(true);
    }

    /** The jobs whose cancel must be asked for: those with no outcome before. */
    public List<String> toAsk() {
        return answers.entrySet().stream().filter(e -> e.getValue() == null).map(Map.Entry::getKey).toList();
    }

    /** Whether every job has its answer. */
    public boolean settled() {
        return answers.values().stream().allMatch(a -> a != null);
    }

    /** Each job's answer, in the order asked; {@link CancelAnswer.Kind#NO_ANSWER} for a job with none. */
    public List<CancelAnswer> answers() {
        return answers.entrySet().stream().map(e -> Optional.ofNullable(e.getValue()).map(this::withWorker)
                .orElse(new CancelAnswer(e.getKey(), CancelAnswer.Kind.NO_ANSWER, null, null, false))).toList();
    }

    private CancelAnswer withWorker(CancelAnswer a) {
        Integer stopped = stoppedOn.get(a.jobId());
        return a.kind() == CancelAnswer.Kind.CANCELLED && stopped != null
                ? new CancelAnswer(a.jobId(), a.kind(), a.reason(), stopped, true) : a;
    }

    /**
     * The time a job cancelled before it was routed was to run at, when that was after the cancel:
     * the dispatcher's letter holds the job as it waited (its origin is the jobs topic).
     */
    private static Long waitedFor(DeadLetter letter) {
        if (letter.origin() == null || letter.origin().topic() == null || !letter.origin().topic().endsWith(".jobs")
                || letter.raw() == null || !RawValue.UTF8.equals(letter.rawEncoding())) {
            return null;
        }
        try {
            Long runAt = Json.decode(letter.raw().getBytes(StandardCharsets.UTF_8), Job.class).runAt();
            return runAt != null && runAt > letter.at() ? runAt : null;
        } catch (MalformedMessageException e) {
            return null;
        }
    }

    /** Takes records in, as read before or after the cancel was asked for. */
    public final class Recorder {
        private final boolean after;

        private Recorder(boolean after) {
            this.after = after;
        }

        /** A committed result of a job. */
        public void result(String jobId) {
            settle(jobId, new CancelAnswer(jobId, after ? CancelAnswer.Kind.FINISHED_FIRST
                    : CancelAnswer.Kind.ALREADY_FINISHED, null, null, false));
        }

        /**
         * A dead letter. A {@code duplicate_id} one is another record's outcome, not the job's: the
         * job itself may still run.
         */
        public void deadLetter(DeadLetter letter) {
            if (letter.jobId() == null || DeadLetterReason.DUPLICATE_ID.wireName().equals(letter.reason())) {
                return;
            }
            boolean cancelled = DeadLetterReason.CANCELLED.wireName().equals(letter.reason());
            Integer worker = letter.origin() != null && letter.origin().topic() != null
                    && letter.origin().topic().endsWith(".tasks") ? letter.origin().partition() : null;
            CancelAnswer.Kind kind = !after ? CancelAnswer.Kind.ALREADY_FINISHED
                    : cancelled ? CancelAnswer.Kind.CANCELLED : CancelAnswer.Kind.FINISHED_FIRST;
            boolean wasCancelled = kind == CancelAnswer.Kind.CANCELLED;
            settle(letter.jobId(), new CancelAnswer(letter.jobId(), kind, wasCancelled ? null : letter.reason(), worker,
                    false, wasCancelled ? waitedFor(letter) : null));
        }

        /** An event: a refusal of a cancel, or a worker that stopped for one. */
        public void event(PoolEvent event) {
            if (!after) {
                return;
            }
            if (event instanceof CancelRefused refused) {
                settle(refused.jobId(), new CancelAnswer(refused.jobId(), CancelAnswer.Kind.UNKNOWN, null, null, false));
            } else if (event instanceof WorkerStopped stopped && WorkerStopped.CANCELLED.equals(stopped.reason())
                    && stopped.jobId() != null && answers.containsKey(stopped.jobId())) {
                stoppedOn.put(stopped.jobId(), stopped.workerId());
            }
        }

        private void settle(String jobId, CancelAnswer answer) {
            if (answers.containsKey(jobId) && answers.get(jobId) == null) {
                answers.put(jobId, answer);
            }
        }
    }

    /** Whether the cancel was asked for. */
    public boolean asked() {
        return asked;
    }
}
