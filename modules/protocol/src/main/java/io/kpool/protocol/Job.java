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
 */
public record Job(String id, JsonNode payload, String handler, Integer attempt, Replay replayOf) {

    /** A new job for the pool's default handler. */
    public Job(String id, JsonNode payload) {
        this(id, payload, null, null, null);
    }

    /** A job that replays no dead letter. */
    public Job(String id, JsonNode payload, String handler, Integer attempt) {
        this(id, payload, handler, attempt, null);
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
