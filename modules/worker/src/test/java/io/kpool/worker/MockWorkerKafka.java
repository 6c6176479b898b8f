package io.kpool.worker;

import io.kpool.protocol.Json;
import io.kpool.protocol.Position;
import io.kpool.protocol.Task;
import io.kpool.protocol.Topics;
import io.kpool.transport.KafkaClients;
import io.kpool.transport.KafkaSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.internals.AutoOffsetResetStrategy;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Kafka as slot 0's worker (or evacuator) sees it, in Kafka's mock clients: the task consumer
 * (it reads the slot's position, then its tasks), the cancel orders' reader, the transactional
 * producer and the heartbeats' producer. The slot's committed position is given by the test, so
 * the admin client a slot without one asks is never needed: the clients have none.
 */
final class MockWorkerKafka implements KafkaClients {

    static final Topics TOPICS = new Topics("t");
    static final KafkaSettings KAFKA = new KafkaSettings("localhost:9", TOPICS);
    static final int SLOT = 0;
    static final TopicPartition TASKS = new TopicPartition(TOPICS.tasks(), SLOT);
    static final TopicPartition POSITIONS = new TopicPartition(TOPICS.positions(), SLOT);
    static final TopicPartition CANCELS = new TopicPartition(TOPICS.cancels(), 0);

    /** The slot's partitions of positions and tasks, as its task consumer reads them. */
    final Log tasks = new Log();
    final Log cancels = new Log();
    final MockProducer<String, byte[]> producer = producer();
    final MockProducer<String, byte[]> heartbeats = producer();

    /** The clients of a worker (or an evacuator) called {@code clientId}, on these mocks. */
    WorkerClients clients(String clientId, int batchSize) {
        return WorkerClients.create(KAFKA, clientId, batchSize, this, props -> null);
    }

    /** The slot's last committed position: the next task is at {@code next}, those at {@code done} are done. */
    void committedPosition(long next, List<Long> done, long at) {
        tasks.add(new ProducerRecord<>(TOPICS.positions(), SLOT, String.valueOf(SLOT),
                Json.encode(new Position(SLOT, next, done, 1, at))));
    }

    /** Queues a task of attempt {@code attempt} on the slot's partition. */
    void task(String jobId, int payload, long submittedAt, int attempt) {
        tasks.add(new ProducerRecord<>(TOPICS.tasks(), SLOT, jobId, Json.encode(new Task(jobId,
                com.fasterxml.jackson.databind.node.IntNode.valueOf(payload), null, SLOT, attempt, submittedAt,
                submittedAt))));
    }

    /** What the transactional producer committed on {@code topic}, decoded. */
    <T> List<T> committed(String topic, Class<T> type) {
        return sent(producer, topic, type);
    }

    /** The last position committed; one at -1 when none is. */
    Position lastPosition() {
        List<Position> positions = committed(TOPICS.positions(), Position.class);
        return positions.isEmpty() ? new Position(SLOT, -1, List.of(), 0, 0) : positions.get(positions.size() - 1);
    }

    static <T> List<T> sent(MockProducer<String, byte[]> producer, String topic, Class<T> type) {
        return producer.history().stream().filter(r -> r.topic().equals(topic))
                .map(r -> Json.decode(r.value(), type)).toList();
    }

    @Override
    public Consumer<String, byte[]> consumer(Map<String, Object> properties) {
        return String.valueOf(properties.get(ConsumerConfig.CLIENT_ID_CONFIG)).endsWith("-cancels")
                ? cancels.consumer : tasks.consumer;
    }

    @Override
    public Producer<String, byte[]> producer(Map<String, Object> properties) {
        return properties.containsKey(ProducerConfig.TRANSACTIONAL_ID_CONFIG) ? producer : heartbeats;
    }

    /** Every topic a worker writes, with one partition each, so the mock producer can place a record. */
    private static MockProducer<String, byte[]> producer() {
        List<PartitionInfo> partitions = List.of(TOPICS.jobs(), TOPICS.results(), TOPICS.deadLetters(),
                TOPICS.events(), TOPICS.positions(), TOPICS.heartbeats()).stream()
                .map(topic -> new PartitionInfo(topic, 0, null, new Node[0], new Node[0])).toList();
        return new MockProducer<>(new Cluster("c", List.of(), partitions, Set.of(), Set.of()), true, null,
                new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * The records of some partitions, as a consumer reads them: each partition's records reach the
     * consumer once it is assigned it (Kafka's mock takes records only for assigned partitions).
     */
    static final class Log {
        private final Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> held = new HashMap<>();
        private final Map<TopicPartition, Long> ends = new HashMap<>();
        /** Runs on the consumer's thread as each poll begins. */
        volatile Runnable beforePoll = () -> { };
        final MockConsumer<String, byte[]> consumer = new MockConsumer<>(AutoOffsetResetStrategy.EARLIEST.name()) {
            @Override
            public synchronized void assign(Collection<TopicPartition> partitions) {
                super.assign(partitions);
                partitions.forEach(tp -> {
                    held.getOrDefault(tp, List.of()).forEach(this::addRecord);
                    held.remove(tp);
                });
            }

            /** Kafka's waits a little for records that are not there yet; the mock would spin. */
            @Override
            public ConsumerRecords<String, byte[]> poll(Duration timeout) {
                beforePoll.run();
                ConsumerRecords<String, byte[]> records = super.poll(timeout);
                if (records.isEmpty()) {
                    LockSupport.parkNanos(Math.min(timeout.toNanos(), Duration.ofMillis(5).toNanos()));
                }
                return records;
            }
        };

        Log() {
            for (TopicPartition tp : List.of(TASKS, POSITIONS, CANCELS)) {
                consumer.updateBeginningOffsets(Map.of(tp, 0L));
                consumer.updateEndOffsets(Map.of(tp, 0L));
                ends.put(tp, 0L);
            }
        }

        /** Appends the record at the partition's end. */
        void add(ProducerRecord<String, byte[]> record) {
            synchronized (consumer) {
                TopicPartition tp = new TopicPartition(record.topic(), record.partition() == null ? 0
                        : record.partition());
                long offset = ends.merge(tp, 1L, Long::sum) - 1;
                consumer.updateEndOffsets(Map.of(tp, offset + 1));
                ConsumerRecord<String, byte[]> at = new ConsumerRecord<>(tp.topic(), tp.partition(), offset,
                        record.key(), record.value());
                if (consumer.assignment().contains(tp)) {
                    consumer.addRecord(at);
                } else {
                    held.computeIfAbsent(tp, p -> new ArrayList<>()).add(at);
                }
            }
        }
    }
}
