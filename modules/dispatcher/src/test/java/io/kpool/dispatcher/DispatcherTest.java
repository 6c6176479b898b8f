package io.kpool.dispatcher;

import io.kpool.testkit.TestClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.IntNode;
import io.kpool.core.handler.HandlerCatalog;
import io.kpool.core.intake.IntakeLimits;
import io.kpool.protocol.Heartbeat;
import io.kpool.protocol.Job;
import io.kpool.protocol.Json;
import io.kpool.protocol.Task;
import io.kpool.protocol.Topics;
import io.kpool.protocol.WorkerStatus;
import io.kpool.transport.KafkaClients;
import io.kpool.transport.KafkaSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.consumer.internals.AutoOffsetResetStrategy;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A dispatcher's loop against Kafka's mock clients and a clock the test moves: what it routes, and
 * how it takes each kind of failure. One slot (0), one jobs partition, no dedupe window.
 */
class DispatcherTest {

    private static final Topics TOPICS = new Topics("t");
    private static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(3);
    private static final TopicPartition JOBS = new TopicPartition(TOPICS.jobs(), 0);
    private static final TopicPartition WORKERS = new TopicPartition(TOPICS.workers(), 0);
    private static final TopicPartition BEATS = new TopicPartition(TOPICS.heartbeats(), 0);
    private static final Duration A_WHILE = Duration.ofSeconds(10);

    private final TestClock clock = new TestClock(Instant.parse("2026-12-06T12:00:00Z"));
    private final MockConsumer<String, byte[]> jobs = new MockConsumer<>(AutoOffsetResetStrategy.EARLIEST.name());
    private final MockConsumer<String, byte[]> slots = consumerOf(List.of(WORKERS, BEATS));
    private final MockProducer<String, byte[]> producer = new MockProducer<>(new Cluster("c", List.of(),
            List.of(new PartitionInfo(TOPICS.tasks(), 0, null, new Node[0], new Node[0])), java.util.Set.of(),
            java.util.Set.of()), true, null, new StringSerializer(), new ByteArraySerializer());
    private final Dispatcher dispatcher = new Dispatcher(new DispatcherConfig(new KafkaSettings("localhost:9", TOPICS),
            "d1", "round-robin", IntakeLimits.ofDefaults(), HEARTBEAT_TIMEOUT, 0, null, "double", HandlerCatalog.none(),
            Duration.ZERO), new SimpleMeterRegistry(), new Clients(), clock);
    private CompletableFuture<Void> running;
    private long nextJobOffset;

    @AfterEach
    void stop() throws Exception {
        dispatcher.stop();
        if (running != null) {
            running.handle((ok, failure) -> null).get(10, TimeUnit.SECONDS);
        }
        dispatcher.close();
    }

    @Test
    void routesAJobToTheLiveSlotAndCommitsItsOffsetInTheSameTransaction() {
        slotIsAlive();
        start();

        submit("j1");

        await().atMost(A_WHILE).until(() -> tasks().size() == 1);
        assertThat(tasks()).singleElement().satisfies(t -> {
            assertThat(t.jobId()).isEqualTo("j1");
            assertThat(t.slot()).isZero();
        });
        await().atMost(A_WHILE).until(() -> !producer.consumerGroupOffsetsHistory().isEmpty());
        assertThat(producer.consumerGroupOffsetsHistory().get(0).values()).singleElement()
                .satisfies(offsets -> assertThat(offsets.get(JOBS).offset()).isEqualTo(1));
    }

    @Test
    void aSlotFallingSilentWhileJobsArePolledHoldsThemUntilASlotIsAliveInsteadOfFailingTheBatch() {
        slotIsAlive();
        start();
        // the poll that returns the job takes longer than the heartbeat timeout
        jobs.schedulePollTask(() -> {
            clock.advance(HEARTBEAT_TIMEOUT.plusSeconds(1));
            jobs.addRecord(jobRecord("j1", 0));
        });

        await().atMost(A_WHILE).until(() -> jobs.paused().contains(JOBS) || running.isDone());
        assertThat(running).as("the dispatcher runs on").isNotDone();
        assertThat(tasks()).isEmpty();
        assertThat(jobs.position(JOBS)).as("the job is to be read again").isZero();

        heartbeat();
        jobs.schedulePollTask(() -> jobs.addRecord(jobRecord("j1", 0)));

        await().atMost(A_WHILE).until(() -> tasks().size() == 1);
        assertThat(tasks()).extracting(Task::jobId).containsExactly("j1");
    }

    @Test
    void aTransactionThatFailsInAPassingWayIsAbortedAndItsJobsAreRoutedAgain() {
        slotIsAlive();
        producer.commitTransactionException = new TimeoutException("the coordinator took too long");
        start();

        submit("j1");
        await().atMost(A_WHILE).until(() -> producer.transactionAborted());
        producer.commitTransactionException = null;
        jobs.schedulePollTask(() -> jobs.addRecord(jobRecord("j1", 0)));

        await().atMost(A_WHILE).until(() -> producer.transactionCommitted());
        assertThat(running).isNotDone();
    }

    @Test
    void aDispatcherFencedByANewerOneStops() {
        slotIsAlive();
        producer.commitTransactionException = new ProducerFencedException("a newer dispatcher d1");
        start();

        submit("j1");

        await().atMost(A_WHILE).until(running::isDone);
        assertThat(running).isCompletedExceptionally();
        assertThat(failure()).isInstanceOf(ProducerFencedException.class);
    }

    @Test
    void transactionsFailingInAWayItDoesNotKnowStopItAfterAFewInARowInsteadOfRetryingForEver() {
        slotIsAlive();
        producer.commitTransactionException = new KafkaException("something new");
        start();

        for (int i = 0; i < Dispatcher.MAX_UNKNOWN_FAILURES; i++) {
            jobs.schedulePollTask(() -> jobs.addRecord(jobRecord("j1", 0)));
            jobs.schedulePollTask(() -> { });
        }

        await().atMost(A_WHILE).until(running::isDone);
        assertThat(failure()).isInstanceOf(KafkaException.class)
                .hasMessageContaining(Dispatcher.MAX_UNKNOWN_FAILURES + " transactions in a row failed")
                .hasRootCauseMessage("something new");
    }

    private void start() {
        running = CompletableFuture.runAsync(dispatcher::run);
        jobs.schedulePollTask(() -> {
            jobs.rebalance(List.of(JOBS));
            jobs.updateBeginningOffsets(Map.of(JOBS, 0L));
        });
    }

    private void submit(String id) {
        long offset = nextJobOffset++;
        jobs.schedulePollTask(() -> jobs.addRecord(jobRecord(id, offset)));
    }

    private Throwable failure() {
        return running.handle((ok, e) -> e.getCause()).join();
    }

    private void slotIsAlive() {
        slots.addRecord(new ConsumerRecord<>(TOPICS.workers(), 0, 0, "0", Json.encode(new WorkerStatus(0, "s", "host",
                1L, "running", true, 10L, 1, 0, 0, 10, 60_000, null, List.of(), List.of(), clock.millis()))));
        heartbeat();
    }

    private void heartbeat() {
        slots.addRecord(new ConsumerRecord<>(TOPICS.heartbeats(), 0, slots.position(BEATS), "0",
                Json.encode(new Heartbeat(0, 1, 10, 0, 0, 0, null, null, clock.millis()))));
    }

    private List<Task> tasks() {
        return producer.history().stream().filter(r -> r.topic().equals(TOPICS.tasks()))
                .map(r -> Json.decode(r.value(), Task.class)).toList();
    }

    private static ConsumerRecord<String, byte[]> jobRecord(String id, long offset) {
        return new ConsumerRecord<>(TOPICS.jobs(), 0, offset, id, Json.encode(new Job(id, IntNode.valueOf(1))));
    }

    /** A reader with these partitions, each empty. */
    private static MockConsumer<String, byte[]> consumerOf(List<TopicPartition> partitions) {
        MockConsumer<String, byte[]> consumer = new MockConsumer<>(AutoOffsetResetStrategy.EARLIEST.name()) {
            @Override
            public synchronized Map<TopicPartition, OffsetAndTimestamp> offsetsForTimes(
                    Map<TopicPartition, Long> timestampsToSearch) {
                return Map.of(); // nothing that old: the slot feed starts at the end
            }
        };
        partitions.stream().map(TopicPartition::topic).distinct().forEach(topic -> consumer.updatePartitions(topic,
                partitions.stream().filter(tp -> tp.topic().equals(topic))
                        .map(tp -> new PartitionInfo(topic, tp.partition(), null, new Node[0], new Node[0])).toList()));
        Map<TopicPartition, Long> zero = new java.util.HashMap<>();
        partitions.forEach(tp -> zero.put(tp, 0L));
        consumer.updateBeginningOffsets(zero);
        consumer.updateEndOffsets(zero);
        return consumer;
    }

    /** The jobs consumer for the group, the slot feed's reader, and empty readers of the delayed and cancels topics. */
    private final class Clients implements KafkaClients {
        @Override
        public Consumer<String, byte[]> consumer(Map<String, Object> properties) {
            if (properties.get(ConsumerConfig.GROUP_ID_CONFIG) != null) {
                return jobs;
            }
            if (String.valueOf(properties.get(ConsumerConfig.CLIENT_ID_CONFIG)).endsWith("-slots")) {
                return slots;
            }
            return consumerOf(List.of(new TopicPartition(TOPICS.delayed(), 0), new TopicPartition(TOPICS.cancels(), 0)));
        }

        @Override
        public Producer<String, byte[]> producer(Map<String, Object> properties) {
            return producer;
        }
    }
}
