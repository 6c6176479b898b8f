package io.kpool.core.handler;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * Turns a job's payload into its output. Implementations are created once per worker process and
 * called from one thread. They should not catch what they cannot handle: a throw crashes the
 * worker, which is the point.
 */
public interface JobHandler {

    /** The name users select the handler by, e.g. {@code double}. */
    String name();

    /**
     * What is wrong with a payload this handler cannot take at all, for the dispatcher to
     * dead-letter it ({@code wrong_payload}) before any worker sees it. A cheap check of its shape
     * only: a payload of the right shape that is still bad (the seed's negative number) is for
     * {@link #handle} to crash on.
     *
     * @return a description of the problem, or empty when the payload has the right shape
     */
    default Optional<String> refuse(JsonNode payload) {
        return Optional.empty();
    }

    /**
     * Runs one job.
     *
     * @param payload the job's payload, as the client wrote it
     * @return the output, written to {@code <prefix>.results}
     * @throws Exception anything; the worker process dies with it
     */
    JsonNode handle(JsonNode payload) throws Exception;

    /**
     * Runs one job, knowing its id: what the worker calls. Handlers that need the id (a process
     * handler puts it on the line it sends its child) override it; the others need not.
     *
     * @throws Exception anything; the worker process dies with it
     */
    default JsonNode handle(String jobId, JsonNode payload) throws Exception {
        return handle(payload);
    }
}
