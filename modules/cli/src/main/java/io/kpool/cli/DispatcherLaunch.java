package io.kpool.cli;

import io.kpool.core.intake.IntakeLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * What {@code kpool up} asks of the dispatcher process it starts, as typed values: written as a
 * command line by {@link DispatcherArguments#encode} and read back by {@link RunDispatcher#launch()}.
 *
 * @param bootstrap        Kafka bootstrap servers
 * @param prefix           the pool's topic prefix
 * @param kafkaConfig      the client properties file, or null for none
 * @param id               the dispatcher's name, part of its transactional id, or null for a random one
 * @param handler          the handler of jobs that name none
 * @param handlersFile     the named handlers, or null for none
 * @param heartbeatTimeout heartbeat silence after which a worker gets no more jobs
 * @param strategy         the dispatch strategy's name
 * @param limits           the largest job and the longest job id accepted
 * @param dedupeWindow     how long a job id turns away a re-submission
 * @param httpPort         the port of /metrics, /healthz and /readyz, or null for none
 * @param parentPid        the process it exits with, or 0
 */
record DispatcherLaunch(String bootstrap, String prefix, Path kafkaConfig, String id, String handler, Path handlersFile,
                        Duration heartbeatTimeout, String strategy, IntakeLimits limits, Duration dedupeWindow,
                        Integer httpPort, long parentPid) {

    DispatcherLaunch {
        Objects.requireNonNull(bootstrap, "bootstrap cannot be null");
        Objects.requireNonNull(prefix, "prefix cannot be null");
        Objects.requireNonNull(handler, "handler cannot be null");
        Objects.requireNonNull(heartbeatTimeout, "heartbeatTimeout cannot be null");
        Objects.requireNonNull(strategy, "strategy cannot be null");
        Objects.requireNonNull(limits, "limits cannot be null");
        Objects.requireNonNull(dedupeWindow, "dedupeWindow cannot be null");
    }
}
