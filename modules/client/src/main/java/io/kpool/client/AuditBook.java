package io.kpool.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.kpool.protocol.DeadLetter;
import io.kpool.protocol.Json;
import io.kpool.protocol.MalformedMessageException;
import io.kpool.protocol.Result;
import io.kpool.protocol.Topics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
 *   <li>So an accepted job is settled by exactly one of: a result, a dead letter by its id from
 *       outside the jobs topic, a dead letter pointing at its own jobs offset. None is
 *       <em>missing</em>; more (two results, or a result and a dead letter) is <em>duplicated</em>.
 *       A re-submission or a malformed record is settled by exactly one dead letter pointing at
 *       it. A re-submission never gets a result of its own: results carry only the id, so every
 *       result of an id counts against its accepted job.</li>
 *   <li>Results and dead letters that match no jobs record read (written by another pool on the
 *       same prefix, or about jobs records beyond the end offsets read, or a dead letter without
 *       origin and id) are <em>unmatched</em>: reported, but not a failure.</li>
 * </ul>
 * Memory: one small entry per jobs record and per id, so a few hundred bytes per job.
 */
public final class AuditBook {

    private static final String NO_REASON = "(no reason)";

    private final String prefix;
    private final String jobsTopic;
    private final String resultsTopic;
    private final String deadLettersTopic;
    private final int show;

    /** Jobs records and dead letters pointing at jobs records, by partition, then offset. */
    private final Map<Integer, Map<Long, Slot>> slots = new HashMap<>();
    /** Every id seen on a job, a result or a worker's dead letter. */
    private final Map<String, Tally> ids = new HashMap<>();
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

    /** A record of the jobs topic; {@code value} may be null (a tombstone) or anything at all. */
    public void jobRecord(int partition, long offset, byte[] value) {
        Slot slot = slot(partition, offset);
        if (slot.seen) {
            return; // read twice: it is one record
        }
        submitted++;
        slot.seen = true;
        String id = idOf(value);
        if (id != null) {
            Tally tally = ids.computeIfAbsent(id, k -> new Tally());
            if (tally.id == null) {
                tally.id = id;
            }
            slot.id = tally.id;
            tally.record(partition, offset);
        }
    }

    /** A result read from the results topic. */
    public void result(Result result) {
        results++;
        if (result.jobId() == null) {
            unmatchedWithoutId(resultsTopic, "a result without a jobId");
            return;
        }
        ids.computeIfAbsent(result.jobId(), k -> new Tally()).results++;
    }

    /** A dead letter read from the dead-letters topic. */
    public void deadLetter(DeadLetter letter) {
        deadLetters++;
        String reason = reason(letter.reason());
        DeadLetter.Origin origin = letter.origin();
        if (origin != null && jobsTopic.equals(origin.topic())) {
            Slot slot = slot(origin.partition(), origin.offset());
            if (slot.letters++ == 0) {
                slot.reason = reason;
            }
        } else if (letter.jobId() != null) {
            Tally tally = ids.computeIfAbsent(letter.jobId(), k -> new Tally());
            if (tally.workerLetters++ == 0) {
                tally.workerReason = reason;
            }
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
        AuditProblems missing = new AuditProblems(jobsTopic, show);
        AuditProblems duplicated = new AuditProblems(jobsTopic, show);
        AuditProblems unmatched = new AuditProblems(jobsTopic, show);
        for (int partition : new TreeSet<>(slots.keySet())) {
            Map<Long, Slot> byOffset = slots.get(partition);
            long[] offsets = byOffset.keySet().stream().mapToLong(Long::longValue).toArray();
            Arrays.sort(offsets);
            for (long offset : offsets) {
                Slot slot = byOffset.get(offset);
                if (!slot.seen) {
                    unmatched.add(slot.letters, null, partition, offset, count(slot.letters, "dead letter") + " ("
                            + slot.reason + ") for a jobs record not read (beyond the end offsets, or gone)");
                    continue;
                }
                if (slot.letters > 0) {
                    rejected++;
                }
                int outcomes;
                String noOutcome;
                String outcomeText;
                Tally tally = slot.id == null ? null : ids.get(slot.id);
                if (tally == null) {
                    malformed++;
                    outcomes = slot.letters;
                    noOutcome = "not a job, and no dead letter points at it";
                    outcomeText = count(slot.letters, "dead letter") + " (" + slot.reason + ")";
                } else if (tally.isAccepted(partition, offset, this)) {
                    accepted++;
                    outcomes = tally.results + tally.workerLetters + slot.letters;
                    noOutcome = "no result or dead letter";
                    outcomeText = describe(tally, slot);
                } else {
                    resubmissions++;
                    outcomes = slot.letters;
                    long[] first = tally.accepted(this);
                    noOutcome = "a re-submission (the accepted record is " + jobsTopic + " " + first[0] + ":" + first[1]
                            + ") and no dead letter points at it";
                    outcomeText = "a re-submission with " + count(slot.letters, "dead letter") + " (" + slot.reason + ")";
                }
                if (outcomes == 0) {
                    missing.add(1, slot.id, partition, offset, noOutcome);
                } else if (outcomes > 1) {
                    duplicated.add(1, slot.id, partition, offset, outcomeText);
                }
            }
        }
        List<String> orphans = new ArrayList<>();
        ids.forEach((id, tally) -> {
            if (tally.records == 0) {
                orphans.add(id);
            }
        });
        Collections.sort(orphans);
        for (String id : orphans) {
            Tally tally = ids.get(id);
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
        return new AuditReport(prefix, submitted, accepted, rejected, resubmissions, malformed, results, deadLetters,
                byReason(), unreadable, missing.issues(), duplicated.issues(), unmatched.issues(),
                missing.count == 0 && duplicated.count == 0);
    }

    private String describe(Tally tally, Slot slot) {
        List<String> what = new ArrayList<>();
        if (tally.results > 0) {
            what.add(count(tally.results, "result"));
        }
        if (tally.workerLetters > 0) {
            what.add(count(tally.workerLetters, "dead letter") + " (" + tally.workerReason + ")");
        }
        if (slot.letters > 0) {
            what.add(count(slot.letters, "dead letter") + " for its jobs record (" + slot.reason + ")");
        }
        return String.join(" and ", what);
    }

    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
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

    private Slot slot(int partition, long offset) {
        return slots.computeIfAbsent(partition, p -> new HashMap<>()).computeIfAbsent(offset, o -> new Slot());
    }

    private Slot existing(int partition, long offset) {
        Map<Long, Slot> byOffset = slots.get(partition);
        return byOffset == null ? null : byOffset.get(offset);
    }

    /** The id of a job, or null when the value is not a job. */
    static String idOf(byte[] value) {
        if (value == null) {
            return null;
        }
        JsonNode json;
        try {
            json = Json.tree(value);
        } catch (MalformedMessageException e) {
            return null;
        }
        if (!json.isObject() || !json.has("payload")) {
            return null;
        }
        JsonNode id = json.get("id");
        return id != null && id.isTextual() && !id.textValue().isBlank() ? id.textValue() : null;
    }

    /** One position on the jobs topic: the record read there, and the dead letters pointing at it. */
    private static final class Slot {
        boolean seen;
        /** The job's id; null for a malformed record (or one not read). */
        String id;
        int letters;
        /** The reason of the first dead letter pointing here. */
        String reason;
    }

    /** One id: its jobs records, and the outcomes that carry only the id. */
    private static final class Tally {
        /** The one copy kept of the id's string (set by its first jobs record). */
        String id;
        int records;
        int results;
        int workerLetters;
        String workerReason;
        /** The first record in the first partition the id was seen in. */
        int partition = -1;
        long offset;
        /** The first record in each other partition, by partition; null while there is none (the usual case). */
        Map<Integer, Long> elsewhere;

        void record(int p, long o) {
            records++;
            if (partition < 0) {
                partition = p;
                offset = o;
            } else if (p == partition) {
                offset = Math.min(offset, o);
            } else {
                if (elsewhere == null) {
                    elsewhere = new TreeMap<>();
                }
                elsewhere.merge(p, o, Math::min);
            }
        }

        /** {partition, offset} of the accepted record. */
        long[] accepted(AuditBook book) {
            if (elsewhere == null) {
                return new long[] {partition, offset};
            }
            List<long[]> firsts = new ArrayList<>();
            firsts.add(new long[] {partition, offset});
            elsewhere.forEach((p, o) -> firsts.add(new long[] {p, o}));
            firsts.sort(Comparator.comparingLong(f -> f[0]));
            for (long[] first : firsts) {
                Slot slot = book.existing((int) first[0], first[1]);
                if (slot == null || slot.letters == 0) {
                    return first;
                }
            }
            return firsts.get(0);
        }

        boolean isAccepted(int p, long o, AuditBook book) {
            if (elsewhere == null) {
                return p == partition && o == offset;
            }
            long[] first = accepted(book);
            return first[0] == p && first[1] == o;
        }
    }
}
