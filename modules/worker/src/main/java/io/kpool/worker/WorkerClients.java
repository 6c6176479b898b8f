package io.kpool.worker;

import io.kpool.transport.KafkaSettings;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The Kafka clients a worker needs before it knows its slot: the task consumer (no group: the
 * worker assigns its partition and reads its position with it, see {@link SlotPosition}), the
 * heartbeat producer and the admin client (for a slot's offsets from before positions). A spare opens them while it waits, so that taking a
 * slot costs only the transactional producer.
 */
public final class WorkerClients implements AutoCloseable {

    final KafkaConsumer<String, byte[]> consumer;
    final KafkaProducer<String, byte[]> heartbeats;
    final Admin admin;
    /** The cancel orders' reader ({@link CancelWatch}): no group, read_committed. */
    final KafkaConsumer<String, byte[]> cancels;

    private WorkerClients(KafkaConsumer<String, byte[]> consumer, KafkaProducer<String, byte[]> heartbeats, Admin admin,
                          KafkaConsumer<String, byte[]> cancels) {
        this.consumer = consumer;
        this.heartbeats = heartbeats;
        this.admin = admin;
        this.cancels = cancels;
    }

    /**
     * Opens the clients and fetches the tasks topic's metadata, so connections are up.
     *
     * @param batchSize the most tasks one poll returns
     */
    public static WorkerClients open(KafkaSettings kafka, String clientId, int batchSize) {
        Map<String, Object> consumerProps = withoutJmx(kafka.consumer(clientId, null));
        consumerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, batchSize);
        // The consumer reads the slot's position first, then its tasks: the fetch it sends ahead on
        // the positions partition, where nothing more comes, holds back the first fetch of tasks
        // until the broker answers it (measured: the first result 0.35-0.45 s after the takeover
        // with the default 500 ms, against 0.05-0.1 s before positions). An idle worker's fetches
        // come back every 50 ms instead: a few small requests a second.
        consumerProps.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        Map<String, Object> heartbeatProps = withoutJmx(kafka.producer(clientId + "-heartbeat"));
        heartbeatProps.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        WorkerClients clients = new WorkerClients(new KafkaConsumer<>(consumerProps),
                new KafkaProducer<>(heartbeatProps), Admin.create(adminProps(kafka, clientId)),
                new KafkaConsumer<>(withoutJmx(kafka.consumer(clientId + "-cancels", null))));
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

    private static Map<String, Object> adminProps(KafkaSettings kafka, String clientId) {
        Map<String, Object> props = withoutJmx(kafka.admin(clientId + "-admin"));
        props.put(CommonClientConfigs.RETRY_BACKOFF_MS_CONFIG, 5);
        props.put(CommonClientConfigs.RETRY_BACKOFF_MAX_MS_CONFIG, 50);
        return props;
    }

    /**
     * A worker's clients register no JMX beans: a worker's figures travel in its heartbeats, and a
     * few hundred beans per client cost every worker process memory and start time.
     */
    static Map<String, Object> withoutJmx(Map<String, Object> props) {
        props.put(CommonClientConfigs.METRIC_REPORTER_CLASSES_CONFIG, "");
        return props;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
        heartbeats.close(Duration.ofSeconds(2));
        admin.close(Duration.ofSeconds(2));
        cancels.close(Duration.ofSeconds(2));
    }
}
