package io.kpool.worker;

import io.kpool.core.config.Require;
import io.kpool.core.handler.HandlerCatalog;
import io.kpool.transport.KafkaSettings;
import io.kpool.transport.TopicLayout;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything a worker process needs, checked once at start.
 *
 * @param kafka             where Kafka is and the topic names
 * @param slot              the slot (and task partition) this worker owns
 * @param incarnation       which process of the slot this is, from 1
 * @param handler           the job handler of tasks that name none: a name, or {@code exec:<command>}
 * @param handlers          the named handlers ({@code --handlers-file})
 * @param heartbeatInterval how often to heartbeat
 * @param batchSize         the most tasks per transaction
 * @param commitInterval    the longest a transaction stays open while tasks flow
 * @param concurrency       the most tasks run at once (each on a thread of its own when above 1)
 * @param blackBox          the black box file its supervisor reads after a crash, or null
 * @param poisonFile        the file of tasks to dead-letter instead of running, or null
 * @param parentPid         the process to exit with, or 0
 */
public record WorkerConfig(KafkaSettings kafka, int slot, long incarnation, String handler, HandlerCatalog handlers,
                           Duration heartbeatInterval,
                           int batchSize, Duration commitInterval, int concurrency, Path blackBox, Path poisonFile,
                           long parentPid) {

    /** The most {@code --concurrency} allows. */
    public static final int MAX_CONCURRENCY = 1000;


    public WorkerConfig {
        Require.notNull("kafka", kafka);
        Require.between("slot", slot, 0, TopicLayout.MAX_SLOTS - 1);
        Require.atLeast("incarnation", incarnation, 1);
        Require.notBlank("handler", handler);
        Require.notNull(HandlerCatalog.KEY, handlers);
        handlers.defaultHandler("handler", handler);
        Require.positive("heartbeatInterval", heartbeatInterval);
        Require.between("batchSize", batchSize, 1, 100_000);
        Require.positive("commitInterval", commitInterval);
        Require.between("concurrency", concurrency, 1, MAX_CONCURRENCY);
    }
}
