package io.kpool.dispatcher;

import io.kpool.core.config.Require;
import io.kpool.core.dispatch.DispatchStrategies;
import io.kpool.core.handler.HandlerCatalog;
import io.kpool.core.intake.IntakeLimits;
import io.kpool.transport.KafkaSettings;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything a dispatcher needs, checked once at start.
 *
 * @param kafka            where Kafka is and the topic names
 * @param instance         this dispatcher's name, part of its transactional id; a restarted
 *                         dispatcher with the same name aborts what its predecessor left open
 * @param strategy         the dispatch strategy's name
 * @param limits           what a job may be
 * @param heartbeatTimeout heartbeat silence after which a slot gets no more jobs
 * @param parentPid        the process to exit with, or 0
 * @param healthFile       a file to keep fresh while the loop runs, or null
 * @param handler          the handler of jobs that name none: a name, or {@code exec:<command>}
 * @param handlers         the named handlers ({@code --handlers-file})
 * @param dedupeWindow     how long an accepted job id turns away a re-submission; zero for never
 */
public record DispatcherConfig(KafkaSettings kafka, String instance, String strategy, IntakeLimits limits,
                               Duration heartbeatTimeout, long parentPid, Path healthFile, String handler,
                               HandlerCatalog handlers, Duration dedupeWindow) {

    /** The most job ids the dedupe window holds; older ones are forgotten first. */
    public static final int DEDUPE_CAPACITY = 1_000_000;


    public DispatcherConfig {
        Require.notNull("--bootstrap", kafka);
        Require.notBlank("--id", instance);
        if (!instance.matches("[A-Za-z0-9._-]+")) {
            throw new io.kpool.core.config.ConfigException("--id",
                    "may use only letters, digits, '.', '_' and '-', but was '" + instance + "'");
        }
        DispatchStrategies.named("--dispatch", strategy);
        Require.notNull("--max-job-bytes", limits);
        Require.positive("--heartbeat-timeout", heartbeatTimeout);
        Require.notNull(HandlerCatalog.KEY, handlers);
        handlers.defaultHandler("--handler", handler);
        Require.notNegative("--dedupe-window", dedupeWindow);
    }
}
