package io.kpool.client;

import static io.kpool.client.OutcomeText.count;

import io.kpool.protocol.DeadLetter;
import io.kpool.protocol.Job;
import io.kpool.protocol.Result;
import io.kpool.protocol.Topics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The ledger of an audit: takes in every record of a pool's jobs, results and dead-letters topics,
 * in any order across the three topics, and matches each jobs record with its outcomes. Pure (no
 * Kafka), owned by one thread. {@link Audit} feeds it from Kafka.
 *
 * <h2>The matching rules</h2>
 * Every record on the jobs topic must have exactly one outcome.
 * <ul>
 *   <li>A jobs record whose value is a JSON object with a non-blank string {@code id} and a
 *       {@code payload} field (which may be {@code null}) is a <em>job</em> with that id. The
 *       dispatcher's own limits (id length, size) are not checked here: its dead letter says so.
 *       The <em>first</em> such record of an id, in jobs-topic order within its partition, is the
 *       <em>accepted</em> one; later records with the same id are <em>re-submissions</em>. (Clients
 *       key jobs by their id, so one id lives in one partition. When an id was nevertheless written
 *       to several partitions, which has no order between them, the accepted record is the first in
 *       the lowest partition that no dead letter points at; failing that, the first in the lowest
 *       partition.) Any other jobs record (not JSON, not an object, no valid {@code id}, no
 *       {@code payload}, a tombstone) is <em>malformed</em>.</li>
 *   <li>A dead letter whose {@code origin.topic} is the jobs topic is an outcome of <em>that</em>
 *       jobs record, matched by {@code origin.partition} and {@code origin.offset}, whatever its
 *       reason: a malformed record ({@code not_json}, ...), a re-submission ({@code duplicate_id}),
 *       a job the dispatcher rejected ({@code id_too_long}, {@code too_large},
 *       {@code wrong_payload}, {@code unknown_handler}, ...).</li>
 *   <li>A dead letter whose origin is not the jobs topic (a worker writes {@code crashed_worker}
 *       with origin = the tasks topic) is an outcome of the accepted job with its {@code jobId}.</li>
 *   <li>A result is an outcome of the accepted job with its {@code jobId}.</li>
 *   <li>A job record with an {@code attempt} above 1 is a <em>retry</em>: kpool wrote the job again,
 *       moving it off a slot that gave up, or replaying its dead letter ({@code kpool replay}). A
 *       retry is neither a job of its own nor a re-submission: it continues the accepted job of
 *       its id, and its outcomes (its result, a dead letter pointing at it, a worker's dead letter)
 *       count for that job. (When no record of the id but retries was read, the first retry
 *       stands in as the accepted record.)</li>
 *   <li>A retry with a {@code replayOf} is a <em>replay</em> of the dead letter at that position of
 *       the dead-letters topic: that dead letter is <em>replayed</em>, and no longer counts as an
 *       outcome; the replay's outcome counts instead. A dead letter replayed twice counts out once,
 *       so two replays of one dead letter that both end in an outcome leave the job duplicated.</li>
 *   <li>So an accepted job is settled by exactly one of: a result, a dead letter by its id from
 *       outside the jobs topic, a dead letter pointing at its own jobs offset or at one of its
 *       retries, each not replayed. None is <em>missing</em>; more (two results, or a result and a
 *       dead letter) is <em>duplicated</em>. A re-submission or a malformed record is settled by
 *       exactly one dead letter pointing at it. A re-submission never gets a result of its own:
 *       results carry only the id, so every result of an id counts against its accepted job.</li>
 *   <li>A jobs record {@code {"cancel": "<job id>"}} (a non-blank string) is a <em>cancel
 *       request</em>, not a job: it needs no outcome of its own (the cancelled job's outcome is
 *       its {@code cancelled} dead letter, which counts for the job like any worker's dead
 *       letter). A dead letter may point at it (the dispatcher turned it away, its id too long);
 *       more than one is duplicated.</li>
 *   <li>Results and dead letters that match no jobs record read (written by another pool on the
 *       same prefix, or about jobs records beyond the end offsets read, or a dead letter without
 *       origin and id), and replays of a dead letter that was not read, are <em>unmatched</em>:
 *       reported, but not a failure.</li>
 * </ul>
 * Memory: one small entry per jobs record, per id and per dead letter, so a few hundred bytes per job.
 */
public final class AuditBook {

    private static final String NO_REASON = "(no reason)";

    private final String prefix;
    private final String jobsTopic;
    private final String resultsTopic;
    private final String deadLettersTopic;
    private final int show;

    /** Jobs records and dead letters pointing at jobs records, by partition, then offset. */
    private final Map<Integer, Map<Long, AuditSlot>> slots = new HashMap<>();
    /** Every id seen on a job, a result or a worker's dead letter. */
    private final Map<String, AuditTally> ids = new HashMap<>();
    /** What each dead letter counts for, by its partition, then offset: a {@link AuditSlot} or a {@link AuditTally}. */
    private final Map<Integer, Map<Long, Object>> letterPositions = new HashMap<>();
    /** Every replay read, in the order read. */
    private final List<Replay> replays = new ArrayList<>();
    /** Dead letters by reason. */
    private final Map<String, Long> reasons = new HashMap<>();
    /** The one copy kept of each reason's string. */
    private final Map<String, String> spellings = new HashMap<>();
    private final List<AuditReport.Example> unmatchedWithoutId = new ArrayList<>();

    private long submitted;
    private long results;
    private long deadLetters;
    private long unreadable;
    private long unmatchedWithoutIdCount;

    /**
     * @param topics the pool's topic names
     * @param show   how many examples of each kind of problem to keep (at least 0)
     */
    public AuditBook(Topics topics, int show) {
        if (show < 0) {
            throw new IllegalArgumentException("show must be at least 0, but was " + show);
        }
        this.prefix = topics.prefix();
        this.jobsTopic = topics.jobs();
        this.resultsTopic = topics.results();
        this.deadLettersTopic = topics.deadLetters();
        this.show = show;
    }

    /**
     * A record of the delayed topic, about the jobs record at {@code partition}/{@code offset}:
     * {@code waiting} while it is held, false once its tombstone says it was routed.
     */
    public void delayed(int partition, long offset, boolean waiting) {
        slot(partition, offset).waiting = waiting;
    }

    /** A record of the jobs topic; {@code value} may be null (a tombstone) or anything at all. */
    public void jobRecord(int partition, long offset, byte[] value) {
        AuditSlot slot = slot(partition, offset);
        if (slot.seen) {
            return; // read twice: it is one record
        }
        submitted++;
        slot.seen = true;
        JobsRecord job = JobsRecord.of(value);
        slot.cancel = job.cancel();
        if (job.isJob()) {
            AuditTally tally = ids.computeIfAbsent(job.id(), k -> new AuditTally());
            if (tally.id == null) {
                tally.id = job.id();
            }
            slot.id = tally.id;
            if (job.retry()) {
                slot.retry = true;
                tally.retry(partition, offset);
                Job.Replay of = job.replayOf();
                if (of != null && deadLettersTopic.equals(of.topic())) {
                    replays.add(new Replay(tally.id, partition, offset, of.partition(), of.offset()));
                }
            } else {
                tally.record(partition, offset);
            }
        }
    }

    /** A result read from the results topic. */
    public void result(Result result) {
        results++;
        if (result.jobId() == null) {
            unmatchedWithoutId(resultsTopic, "a result without a jobId");
            return;
        }
        ids.computeIfAbsent(result.jobId(), k -> new AuditTally()).results++;
    }

    /**
     * A dead letter read from the dead-letters topic.
     *
     * @param partition its partition on the dead-letters topic
     * @param offset    its offset there: a replay names the dead letter it replays by both
     */
    public void deadLetter(int partition, long offset, DeadLetter letter) {
        deadLetters++;
        String reason = reason(letter.reason());
        DeadLetter.Origin origin = letter.origin();
        if (origin != null && jobsTopic.equals(origin.topic())) {
            AuditSlot slot = slot(origin.partition(), origin.offset());
            if (slot.letters++ == 0) {
                slot.reason = reason;
            }
            letterPositions.computeIfAbsent(partition, p -> new HashMap<>()).put(offset, slot);
        } else if (letter.jobId() != null) {
            AuditTally tally = ids.computeIfAbsent(letter.jobId(), k -> new AuditTally());
            if (tally.workerLetters++ == 0) {
                tally.workerReason = reason;
            }
            letterPositions.computeIfAbsent(partition, p -> new HashMap<>()).put(offset, tally);
        } else {
            unmatchedWithoutId(deadLettersTopic, "a dead letter (" + reason + ") with neither a jobId nor an origin on "
                    + jobsTopic);
        }
    }

    /** A record of the results or dead-letters topic that is not the JSON of its topic. */
    public void unreadable(String topic, int partition, long offset) {
        unreadable++;
        if (topic.equals(resultsTopic)) {
            results++;
        } else if (topic.equals(deadLettersTopic)) {
            deadLetters++;
            reasons.merge("(unreadable)", 1L, Long::sum);
        }
    }

    /** Records read from the jobs topic so far. */
    public long submitted() {
        return submitted;
    }

    /** What the records taken in so far add up to. */
    public AuditReport report() {
        long accepted = 0;
        long rejected = 0;
        long resubmissions = 0;
        long malformed = 0;
        long retries = 0;
        long cancels = 0;
        AuditProblems missing = new AuditProblems(jobsTopic, show);
        AuditProblems duplicated = new AuditProblems(jobsTopic, show);
        AuditProblems unmatched = new AuditProblems(jobsTopic, show);
        long waiting = 0;
        ReplayedLetters replayed = replayed(unmatched);
        Map<AuditTally, Integer> retryLetters = retryLetters(replayed);
        for (int partition : new TreeSet<>(slots.keySet())) {
            Map<Long, AuditSlot> byOffset = slots.get(partition);
            long[] offsets = byOffset.keySet().stream().mapToLong(Long::longValue).toArray();
            Arrays.sort(offsets);
            for (long offset : offsets) {
                AuditSlot slot = byOffset.get(offset);
                if (!slot.seen && slot.letters == 0) {
                    continue; // only a delayed record, for a jobs record beyond the end offsets read
                }
                if (!slot.seen) {
                    unmatched.add(slot.letters, null, partition, offset, count(slot.letters, "dead letter") + " ("
                            + slot.reason + ") for a jobs record not read (beyond the end offsets, or gone)");
                    continue;
                }
                int own = replayed.standing(slot);
                if (slot.cancel) {
                    cancels++;
                    if (own > 1) {
                        duplicated.add(1, null, partition, offset, "a cancel request with " + count(own, "dead letter")
                                + " (" + slot.reason + ")");
                    }
                    continue;
                }
                if (own > 0) {
                    rejected++;
                }
                int outcomes;
                String noOutcome;
                String outcomeText;
                AuditTally tally = slot.id == null ? null : ids.get(slot.id);
                if (tally == null) {
                    malformed++;
                    outcomes = own;
                    noOutcome = "not a job, and no dead letter points at it";
                    outcomeText = count(own, "dead letter") + " (" + slot.reason + ")";
                } else if (slot.retry && !tally.standsIn(partition, offset)) {
                    retries++;
                    continue; // its outcomes count for the accepted job of its id
                } else if (slot.retry || tally.isAccepted(partition, offset, this)) {
                    accepted++;
                    int throughRetries = retryLetters.getOrDefault(tally, 0);
                    int worker = replayed.standing(tally);
                    outcomes = tally.results + worker + throughRetries + (slot.retry ? 0 : own);
                    noOutcome = tally.retries == 0 ? "no result or dead letter"
                            : "no result or dead letter (nor for its " + count(tally.retries, "retry", "retries") + ")";
                    outcomeText = OutcomeText.describe(tally, worker, slot.retry ? 0 : own, slot.reason, throughRetries);
                } else {
                    resubmissions++;
                    outcomes = own;
                    long[] first = tally.accepted(this);
                    noOutcome = "a re-submission (the accepted record is " + jobsTopic + " " + first[0] + ":" + first[1]
                            + ") and no dead letter points at it";
                    outcomeText = "a re-submission with " + count(own, "dead letter") + " (" + slot.reason + ")";
                }
                if (outcomes == 0 && slot.waiting) {
                    waiting++;
                } else if (outcomes == 0) {
                    missing.add(1, slot.id, partition, offset, noOutcome);
                } else if (outcomes > 1) {
                    duplicated.add(1, slot.id, partition, offset, outcomeText);
                }
            }
        }
        List<String> orphans = new ArrayList<>();
        ids.forEach((id, tally) -> {
            if (tally.records == 0 && tally.retries == 0) {
                orphans.add(id);
            }
        });
        Collections.sort(orphans);
        for (String id : orphans) {
            AuditTally tally = ids.get(id);
            List<String> what = new ArrayList<>();
            if (tally.results > 0) {
                what.add(count(tally.results, "result"));
            }
            if (tally.workerLetters > 0) {
                what.add(count(tally.workerLetters, "dead letter") + " (" + tally.workerReason + ")");
            }
            unmatched.addById(tally.results + tally.workerLetters, id,
                    String.join(" and ", what) + " for an id no jobs record has");
        }
        unmatched.count += unmatchedWithoutIdCount;
        for (AuditReport.Example example : unmatchedWithoutId) {
            unmatched.example(example);
        }
        return new AuditReport(prefix, submitted, accepted, rejected, resubmissions, malformed, retries, cancels,
                results, deadLetters, byReason(), replayed.count, unreadable, waiting, missing.issues(), duplicated.issues(),
                unmatched.issues(), missing.count == 0 && duplicated.count == 0);
    }

    /**
     * The dead letters the replays read take out of the count, once each; a replay of a dead letter
     * that was not read is unmatched.
     */
    private ReplayedLetters replayed(AuditProblems unmatched) {
        ReplayedLetters replayed = new ReplayedLetters();
        Map<Integer, Set<Long>> taken = new HashMap<>();
        for (Replay replay : replays) {
            Map<Long, Object> inPartition = letterPositions.get(replay.letterPartition());
            Object target = inPartition == null ? null : inPartition.get(replay.letterOffset());
            if (target == null) {
                unmatched.add(1, replay.id(), replay.partition(), replay.offset(), "a replay of " + deadLettersTopic + " "
                        + replay.letterPartition() + ":" + replay.letterOffset() + ", a dead letter not read");
                continue;
            }
            if (taken.computeIfAbsent(replay.letterPartition(), p -> new HashSet<>()).add(replay.letterOffset())) {
                replayed.out.merge(target, 1, Integer::sum);
                replayed.count++;
            }
        }
        return replayed;
    }

    /** The dead letters, not replayed, that point at each id's retries. */
    private Map<AuditTally, Integer> retryLetters(ReplayedLetters replayed) {
        Map<AuditTally, Integer> through = new IdentityHashMap<>();
        for (Map<Long, AuditSlot> byOffset : slots.values()) {
            for (AuditSlot slot : byOffset.values()) {
                if (slot.seen && slot.retry) {
                    int standing = replayed.standing(slot);
                    if (standing > 0) {
                        through.merge(ids.get(slot.id), standing, Integer::sum);
                    }
                }
            }
        }
        return through;
    }

    private Map<String, Long> byReason() {
        Map<String, Long> sorted = new LinkedHashMap<>();
        reasons.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return Collections.unmodifiableMap(sorted);
    }

    private void unmatchedWithoutId(String topic, String detail) {
        unmatchedWithoutIdCount++;
        if (unmatchedWithoutId.size() < show) {
            unmatchedWithoutId.add(new AuditReport.Example(null, topic, null, null, detail));
        }
    }

    /** Counts a reason; answers the one copy of its string kept. */
    private String reason(String reason) {
        String key = spellings.computeIfAbsent(reason == null ? NO_REASON : reason, k -> k);
        reasons.merge(key, 1L, Long::sum);
        return key;
    }

    private AuditSlot slot(int partition, long offset) {
        return slots.computeIfAbsent(partition, p -> new HashMap<>()).computeIfAbsent(offset, o -> new AuditSlot());
    }

    AuditSlot existing(int partition, long offset) {
        Map<Long, AuditSlot> byOffset = slots.get(partition);
        return byOffset == null ? null : byOffset.get(offset);
    }

    /**
     * A replay read on the jobs topic.
     *
     * @param id              the job it replays
     * @param partition       its own partition on the jobs topic
     * @param offset          its own offset there
     * @param letterPartition the partition of the dead letter it replays
     * @param letterOffset    that dead letter's offset
     */
    private record Replay(String id, int partition, long offset, int letterPartition, long letterOffset) {
    }

}
