package io.kpool.client;

import io.kpool.protocol.DeadLetter;
import io.kpool.protocol.Result;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The jobs one client sent and what became of each: a result or a dead letter, matched by job id
 * (or, for a record that had no readable id, by its raw value). Counts a second outcome for the
 * same job as a duplicate. Owned by one thread.
 */
public final class Submission {

    private final Set<String> pending = new LinkedHashSet<>();
    private final Map<String, Integer> pendingRaw = new HashMap<>();
    private final Map<String, Result> results = new LinkedHashMap<>();
    private final Map<String, DeadLetter> deadLetters = new LinkedHashMap<>();
    private int rawDeadLetters;
    private int duplicates;
    private int expected;

    /** A job with this id was sent. */
    public void expect(String jobId) {
        if (pending.add(jobId)) {
            expected++;
        }
    }

    /** A record without a readable id was sent: expect a dead letter carrying this raw value. */
    public void expectRaw(String raw) {
        pendingRaw.merge(raw, 1, Integer::sum);
        expected++;
    }

    /** Takes in a result; ignores results of jobs this submission did not send. */
    public void accept(Result result) {
        if (pending.remove(result.jobId())) {
            results.put(result.jobId(), result);
        } else if (results.containsKey(result.jobId()) || deadLetters.containsKey(result.jobId())) {
            duplicates++;
        }
    }

    /** Takes in a dead letter; ignores those of jobs this submission did not send. */
    public void accept(DeadLetter letter) {
        if (letter.jobId() != null && pending.remove(letter.jobId())) {
            deadLetters.put(letter.jobId(), letter);
        } else if (letter.jobId() == null && letter.raw() != null && pendingRaw.containsKey(letter.raw())) {
            if (pendingRaw.merge(letter.raw(), -1, Integer::sum) == 0) {
                pendingRaw.remove(letter.raw());
            }
            rawDeadLetters++;
        } else if (letter.jobId() != null && (results.containsKey(letter.jobId())
                || deadLetters.containsKey(letter.jobId()))) {
            duplicates++;
        }
    }

    /** Whether every job sent has an outcome. */
    public boolean complete() {
        return pending.isEmpty() && pendingRaw.isEmpty();
    }

    public int expected() {
        return expected;
    }

    public int resultCount() {
        return results.size();
    }

    public int deadLetterCount() {
        return deadLetters.size() + rawDeadLetters;
    }

    public int duplicates() {
        return duplicates;
    }

    /** Jobs with no outcome yet. */
    public int pendingCount() {
        return pending.size() + pendingRaw.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Ids of jobs with no outcome yet, in the order sent. */
    public Set<String> pendingIds() {
        return Set.copyOf(pending);
    }

    /** Results by job id, in the order they came. */
    public Map<String, Result> results() {
        return Map.copyOf(results);
    }

    /** Dead letters of jobs with a known id, by job id. */
    public Map<String, DeadLetter> deadLetters() {
        return Map.copyOf(deadLetters);
    }
}
