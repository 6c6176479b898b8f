package io.kpool.worker;

import io.kpool.transport.KafkaClients;
import io.kpool.transport.KafkaSettings;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The Kafka clients a worker needs before it knows its slot: the task consumer (no group: the
 * worker assigns its partition and reads its position with it, see {@link SlotPosition}), the
 * heartbeat producer and the admin client (for a slot's offsets from before positions). A spare opens them while it waits, so that taking a
 * slot costs only the transactional producer, which comes from the same {@link KafkaClients}.
 * Every client's settings are made here.
 */
public final class WorkerClients implements AutoCloseable {

    final Consumer<String, byte[]> consumer;
    final Producer<String, byte[]> heartbeats;
    /** Kafka's; none in a unit test of the loop, whose slots all have a position (see {@link SlotPosition#read}). */
    final Admin admin;
    /** The cancel orders' reader ({@link CancelWatch}): no group, read_committed. */
    final Consumer<String, byte[]> cancels;
    /** Where these clients came from; the worker's transactional producer comes from there too. */
    final KafkaClients transport;

    private WorkerClients(Consumer<String, byte[]> consumer, Producer<String, byte[]> heartbeats, Admin admin,
                          Consumer<String, byte[]> cancels, KafkaClients transport) {
        this.consumer = consumer;
        this.heartbeats = heartbeats;
        this.admin = admin;
        this.cancels = cancels;
        this.transport = transport;
    }

    /**
     * Opens Kafka's clients and fetches the tasks topic's metadata, so connections are up.
     *
     * @param batchSize the most tasks one poll returns
     */
    public static WorkerClients open(KafkaSettings kafka, String clientId, int batchSize) {
        return open(kafka, clientId, batchSize, KafkaClients.kafka());
    }

    /**
     * Opens the clients {@code transport} gives (and Kafka's admin client) and fetches the tasks
     * topic's metadata, so connections are up.
     *
     * @param batchSize the most tasks one poll returns
     */
    public static WorkerClients open(KafkaSettings kafka, String clientId, int batchSize, KafkaClients transport) {
        WorkerClients clients = create(kafka, clientId, batchSize, transport, Admin::create);
        clients.consumer.partitionsFor(kafka.topics().tasks(), Duration.ofSeconds(30));
        clients.consumer.partitionsFor(kafka.topics().positions(), Duration.ofSeconds(30));
        clients.heartbeats.partitionsFor(kafka.topics().heartbeats());
        clients.cancels.partitionsFor(kafka.topics().cancels(), Duration.ofSeconds(30));
        try {
            // Connects the admin client to the group coordinator a slot without a position asks.
            clients.admin.listConsumerGroupOffsets(kafka.topics().workerGroup(0)).partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // the worker asks again, and fails there if Kafka is really away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return clients;
    }

    /** The clients, not yet connected; {@code admins} makes the admin client from its properties. */
    static WorkerClients create(KafkaSettings kafka, String clientId, int batchSize, KafkaClients transport,
                                Function<Map<String, Object>, Admin> admins) {
        return new WorkerClients(transport.consumer(taskConsumer(kafka, clientId, batchSize)),
                transport.producer(heartbeatProducer(kafka, clientId)), admins.apply(admin(kafka, clientId)),
                transport.consumer(cancelsConsumer(kafka, clientId)), transport);
    }

    /** The task consumer's properties: in no group, read_committed, at most {@code batchSize} tasks a poll. */
    static Map<String, Object> taskConsumer(KafkaSettings kafka, String clientId, int batchSize) {
        Map<String, Object> props = withoutJmx(kafka, kafka.consumer(clientId, null));
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, batchSize);
        // The consumer reads the slot's position first, then its tasks: the fetch it sends ahead on
        // the positions partition, where nothing more comes, holds back the first fetch of tasks
        // until the broker answers it (measured: the first result 0.35-0.45 s after the takeover
        // with the default 500 ms, against 0.05-0.1 s before positions). An idle worker's fetches
        // come back every 50 ms instead: a few small requests a second.
        kafka.tune(props, ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        return props;
    }

    /** The heartbeat producer's properties: each heartbeat sent at once. */
    static Map<String, Object> heartbeatProducer(KafkaSettings kafka, String clientId) {
        Map<String, Object> props = withoutJmx(kafka, kafka.producer(clientId + "-heartbeat"));
        kafka.tune(props, ProducerConfig.LINGER_MS_CONFIG, 0);
        return props;
    }

    /** The cancel orders' reader's properties. */
    static Map<String, Object> cancelsConsumer(KafkaSettings kafka, String clientId) {
        return withoutJmx(kafka, kafka.consumer(clientId + "-cancels", null));
    }

    /** The admin client's properties: it retries within milliseconds while an offset is unstable. */
    static Map<String, Object> admin(KafkaSettings kafka, String clientId) {
        Map<String, Object> props = withoutJmx(kafka, kafka.admin(clientId + "-admin"));
        kafka.tune(props, CommonClientConfigs.RETRY_BACKOFF_MS_CONFIG, 5);
        kafka.tune(props, CommonClientConfigs.RETRY_BACKOFF_MAX_MS_CONFIG, 50);
        return props;
    }

    /** A transactional producer's properties: the worker's, and the warm-up's. */
    static Map<String, Object> transactionalProducer(KafkaSettings kafka, String clientId, String transactionalId) {
        return withoutJmx(kafka, kafka.transactionalProducer(clientId, transactionalId));
    }

    /** The evacuator's transactional producer's properties (the slot's transactional id). */
    static Map<String, Object> evacuatorProducer(KafkaSettings kafka, int slot) {
        return withoutJmx(kafka, kafka.transactionalProducer("kpool-evacuate-" + slot,
                kafka.topics().workerTransactionalId(slot)));
    }

    /**
     * A worker's clients register no JMX beans: a worker's figures travel in its heartbeats, and a
     * few hundred beans per client cost every worker process memory and start time.
     */
    private static Map<String, Object> withoutJmx(KafkaSettings kafka, Map<String, Object> props) {
        kafka.tune(props, CommonClientConfigs.METRIC_REPORTER_CLASSES_CONFIG, "");
        return props;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
        heartbeats.close(Duration.ofSeconds(2));
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
        cancels.close(Duration.ofSeconds(2));
    }
}
