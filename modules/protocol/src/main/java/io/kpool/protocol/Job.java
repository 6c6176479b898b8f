package io.kpool.protocol;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A unit of work as a client writes it to {@code <prefix>.jobs}, keyed by its id:
 * {@code {"id": "j1", "payload": 21}}.
 *
 * @param id      the job's id, unique per client within the dedupe window; also the record key
 * @param payload any JSON value; its meaning belongs to the handler
 */
public record Job(String id, JsonNode payload) {
}
