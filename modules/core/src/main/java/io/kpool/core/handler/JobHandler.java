package io.kpool.core.handler;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Turns a job's payload into its output. Implementations are created once per worker process and
 * called from one thread. They should not catch what they cannot handle: a throw crashes the
 * worker, which is the point.
 */
public interface JobHandler {

    /** The name users select the handler by, e.g. {@code double}. */
    String name();

    /**
     * Runs one job.
     *
     * @param payload the job's payload, as the client wrote it
     * @return the output, written to {@code <prefix>.results}
     * @throws Exception anything; the worker process dies with it
     */
    JsonNode handle(JsonNode payload) throws Exception;
}
