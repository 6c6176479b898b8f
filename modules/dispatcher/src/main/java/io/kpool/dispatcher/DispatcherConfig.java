package io.kpool.dispatcher;

import io.kpool.core.config.Require;
import io.kpool.core.dispatch.DispatchStrategies;
import io.kpool.core.handler.HandlerCatalog;
import io.kpool.core.intake.IntakeLimits;
import io.kpool.transport.KafkaSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

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
        Require.notNull("kafka", kafka);
        Require.notBlank("instance", instance);
        if (!instance.matches("[A-Za-z0-9._-]+")) {
            throw new io.kpool.core.config.ConfigException("instance",
                    "may use only letters, digits, '.', '_' and '-', but was '" + instance + "'");
        }
        DispatchStrategies.named("dispatch", strategy);
        Require.notNull("limits", limits);
        Require.positive("heartbeatTimeout", heartbeatTimeout);
        Require.notNull(HandlerCatalog.KEY, handlers);
        handlers.defaultHandler("handler", handler);
        Require.notNegative("dedupeWindow", dedupeWindow);
    }

    /** The Kafka client id of its clients, and the start of its readers' ids. */
    String clientId() {
        return "kpool-dispatcher-" + instance;
    }

    /** The properties of its consumer of the jobs topic, in the dispatchers' group. */
    Map<String, Object> jobsConsumer() {
        Map<String, Object> props = kafka.consumer(clientId(), kafka.topics().dispatcherGroup());
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        kafka.tune(props, ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 16 * 1024 * 1024);
        // A dispatcher that crashed and is restarted with the same id (a container restarted in
        // its pod) takes its partitions back at once (static membership) instead of waiting for its
        // dead predecessor's session to expire. One stopped with SIGTERM leaves the group as it
        // closes (see Dispatcher.close()), so the others take its partitions at once; only a
        // dispatcher that dies and does not come back is noticed after the session timeout.
        props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, kafka.topics().dispatcherTransactionalId(instance));
        kafka.tune(props, ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        kafka.tune(props, ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 2_000);
        return props;
    }

    /** The properties of its transactional producer. */
    Map<String, Object> transactionalProducer() {
        Map<String, Object> props = kafka.transactionalProducer(clientId(),
                kafka.topics().dispatcherTransactionalId(instance));
        // The tasks topic grows when the pool does (scale, or a supervisor starting after this
        // dispatcher): a slot takes jobs only once its partition is known here, so the partition
        // count is at most a second old (one small metadata request a second).
        kafka.tune(props, ProducerConfig.METADATA_MAX_AGE_CONFIG, 1000);
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Math.max(1024 * 1024, limits.maxJobBytes() * 2));
        return props;
    }
}
