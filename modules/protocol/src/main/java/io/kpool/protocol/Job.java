package io.kpool.protocol;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A unit of work as a client writes it to {@code <prefix>.jobs}, keyed by its id:
 * {@code {"id": "j1", "payload": 21}}.
 *
 * @param id       the job's id, unique within the dispatcher's dedupe window; use it as the record key too
 * @param payload  any JSON value; its meaning belongs to the handler
 * @param handler  the handler to run it with, or null for the pool's default
 * @param attempt  null for a new job; above 1 when kpool writes the job again: when it moves the job off
 *                 a slot that gave up, or when {@code kpool replay} re-submits its dead letter (the job was
 *                 seen before, so it is not a duplicate)
 * @param replayOf null, but for a job {@code kpool replay} wrote: the dead letter it replays
 * @param runAt    null to run at once; else not before this time (epoch millis)
 * @param delay    null to run at once; else not before this long after the job reached the jobs topic
 *                 (its record timestamp): a duration such as {@code "30s"}, {@code "250ms"},
 *                 {@code "2h"} or {@code "PT1M"}, or a number of milliseconds. At most one of
 *                 {@code runAt} and {@code delay}; the dispatcher turns a delay into a {@code runAt}.
 */
public record Job(String id, JsonNode payload, String handler, Integer attempt, Replay replayOf, Long runAt,
                  String delay) {

    /** A new job for the pool's default handler. */
    public Job(String id, JsonNode payload) {
        this(id, payload, null, null, null, null, null);
    }

    /** A job that replays no dead letter. */
    public Job(String id, JsonNode payload, String handler, Integer attempt) {
        this(id, payload, handler, attempt, null, null, null);
    }

    /** A job to run at once. */
    public Job(String id, JsonNode payload, String handler, Integer attempt, Replay replayOf) {
        this(id, payload, handler, attempt, replayOf, null, null);
    }

    /** This job, to run not before {@code runAt} (epoch millis). */
    public Job at(long runAt) {
        return new Job(id, payload, handler, attempt, replayOf, runAt, null);
    }

    /** This job, to run not before {@code delay} after it reaches the jobs topic. */
    public Job after(String delay) {
        return new Job(id, payload, handler, attempt, replayOf, null, delay);
    }

    /**
     * Where the dead letter a replayed job comes from: its record on {@code <prefix>.dead-letters}.
     * The audit counts the replay's outcome instead of that dead letter.
     *
     * @param topic     the dead-letters topic
     * @param partition the dead letter's partition
     * @param offset    the dead letter's offset
     */
    public record Replay(String topic, int partition, long offset) {
    }
}
