package io.kpool.protocol;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A unit of work as a client writes it to {@code <prefix>.jobs}, keyed by its id:
 * {@code {"id": "j1", "payload": 21}}.
 *
 * @param id      the job's id, unique within the dispatcher's dedupe window; use it as the record key too
 * @param payload any JSON value; its meaning belongs to the handler
 * @param handler the handler to run it with, or null for the pool's default
 * @param attempt null for a new job; set by kpool when it moves a job off a slot that gave up (the
 *                job was dispatched before, so it is not a duplicate)
 */
public record Job(String id, JsonNode payload, String handler, Integer attempt) {

    /** A new job for the pool's default handler. */
    public Job(String id, JsonNode payload) {
        this(id, payload, null, null);
    }
}
