package io.kpool.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.IntNode;
import io.kpool.core.handler.HandlerCatalog;
import io.kpool.core.supervision.Culprit;
import io.kpool.core.supervision.PoisonVerdict;
import io.kpool.protocol.CancelOrder;
import io.kpool.protocol.DeadLetter;
import io.kpool.protocol.Heartbeat;
import io.kpool.protocol.Json;
import io.kpool.protocol.Position;
import io.kpool.protocol.Result;
import io.kpool.protocol.Task;
import io.kpool.protocol.Topics;
import io.kpool.testkit.TestClock;
import io.kpool.transport.KafkaClients;
import io.kpool.transport.KafkaSettings;
import io.kpool.transport.local.BlackBox;
import io.kpool.transport.local.PoisonFile;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
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
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker's loop against Kafka's mock clients and a clock the test moves: what it writes, in which
 * transaction, and how it ends. Slot 0, incarnation 1, the {@code double} handler (a negative
 * payload makes it throw), one task at a time. Every slot here has a committed position (next: 0,
 * unless a test says otherwise), so the admin client a slot without one asks is never needed.
 */
class WorkerTest {

    private static final Topics TOPICS = new Topics("t");
    private static final int SLOT = 0;
    private static final long INCARNATION = 1;
    private static final TopicPartition TASKS = new TopicPartition(TOPICS.tasks(), SLOT);
    private static final TopicPartition POSITIONS = new TopicPartition(TOPICS.positions(), SLOT);
    private static final TopicPartition CANCELS = new TopicPartition(TOPICS.cancels(), 0);
    private static final Duration A_WHILE = Duration.ofSeconds(10);
    private static final KafkaSettings KAFKA = new KafkaSettings("localhost:9", TOPICS);

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(Instant.parse("2026-12-06T12:00:00Z"));
    private final Log tasks = new Log();
    private final Log cancels = new Log();
    private final MockProducer<String, byte[]> producer = producer();
    private final MockProducer<String, byte[]> heartbeats = producer();
    private Path poisonFile;
    private Worker worker;
    private CompletableFuture<Void> running;

    @AfterEach
    void stop() throws Exception {
        if (worker != null) {
            worker.stop();
            running.handle((ok, failure) -> null).get(10, TimeUnit.SECONDS);
            worker.close();
        }
    }

    @Test
    void runsATaskAndCommitsItsResultAndTheSlotsPositionInOneTransaction() {
        committedPosition(0, List.of());
        task("j1", 21);

        start();

        await().atMost(A_WHILE).until(() -> producer.commitCount() == 1);
        assertThat(producer.history()).extracting(ProducerRecord::topic)
                .containsExactly(TOPICS.results(), TOPICS.positions());
        assertThat(results()).singleElement().satisfies(r -> {
            assertThat(r.jobId()).isEqualTo("j1");
            assertThat(r.output().asInt()).isEqualTo(42);
            assertThat(r.completedAt()).as("stamped by the worker's clock").isEqualTo(clock.millis());
        });
        assertThat(lastPosition().next()).isEqualTo(1);
        assertThat(lastPosition().at()).isEqualTo(clock.millis());
        assertThat(running).isNotDone();
    }

    @Test
    void aHandlerThatThrowsEscapesRunWithTheTransactionLeftOpenAndTheBlackBoxNamingTheJob() {
        committedPosition(0, List.of());
        task("j1", 1);
        task("j2", -1);

        start();

        await().atMost(A_WHILE).until(running::isDone);
        assertThat(failure()).isInstanceOf(HandlerFailedException.class)
                .hasCauseInstanceOf(IllegalArgumentException.class);
        assertThat(producer.transactionInFlight()).as("left open, for the next incarnation to abort").isTrue();
        assertThat(producer.transactionCommitted()).isFalse();
        assertThat(producer.transactionAborted()).isFalse();
        assertThat(producer.history()).as("nothing committed").isEmpty();
        assertThat(producer.uncommittedRecords()).extracting(ProducerRecord::key).containsExactly("j1");
        assertThat(BlackBox.culprits(dir.resolve("box"), INCARNATION)).containsExactly(new Culprit(1, "j2"));
    }

    @Test
    void aTaskWithAPoisonVerdictIsDeadLetteredInsteadOfRun() {
        poisonFile = dir.resolve("poison.json");
        PoisonFile.write(poisonFile, List.of(new PoisonVerdict(0, "bad", new DeadLetter.Evidence(SLOT, List.of(
                new DeadLetter.Crash(1, 4242, null, "SIGKILL", clock.millis(), List.of()))))), Set.of());
        committedPosition(0, List.of());
        task("bad", -1); // it would crash the worker if it ran
        task("good", 2);

        start();

        awaitCommittedUpTo(2);
        assertThat(deadLetters()).singleElement().satisfies(letter -> {
            assertThat(letter.jobId()).isEqualTo("bad");
            assertThat(letter.reason()).isEqualTo("crashed_worker");
            assertThat(letter.origin()).isEqualTo(new DeadLetter.Origin(TOPICS.tasks(), SLOT, 0));
            assertThat(letter.evidence().crashes()).hasSize(1);
            assertThat(letter.at()).isEqualTo(clock.millis());
        });
        assertThat(results()).extracting(Result::jobId).containsExactly("good");
    }

    @Test
    void aTaskOfAJobCancelledBeforeTheTakeoverIsDeadLetteredInsteadOfRun() {
        cancels.add(new ProducerRecord<>(TOPICS.cancels(), "gone", Json.encode(new CancelOrder("gone", 7,
                clock.millis()))));
        committedPosition(0, List.of());
        task("gone", -1, 7);
        task("kept", 3);

        start();

        awaitCommittedUpTo(2);
        assertThat(deadLetters()).singleElement().satisfies(letter -> {
            assertThat(letter.jobId()).isEqualTo("gone");
            assertThat(letter.reason()).isEqualTo("cancelled");
        });
        assertThat(results()).extracting(Result::jobId).containsExactly("kept");
    }

    @Test
    void tasksDoneAheadOfTheCommittedPositionAreNotRunAgain() {
        committedPosition(0, List.of(1L));
        task("j0", 1);
        task("j1", -1); // done by the predecessor: it would crash the worker if it ran again
        task("j2", 2);

        start();

        awaitCommittedUpTo(3);
        assertThat(results()).extracting(Result::jobId).containsExactly("j0", "j2");
        assertThat(lastPosition().done()).isEmpty();
    }

    @Test
    void stopCommitsWhatRanAndReturnsLeavingWhatWasOnlyFetchedToTheNextIncarnation() throws Exception {
        committedPosition(0, List.of());
        task("j1", 1);
        // the first poll after j1's result joined the open transaction brings j2 and a stop
        tasks.beforePoll = () -> {
            if (producer.transactionInFlight()) {
                tasks.beforePoll = () -> { };
                task("j2", 2);
                worker.stop();
            }
        };
        start();

        running.get(A_WHILE.toSeconds(), TimeUnit.SECONDS);

        assertThat(producer.commitCount()).isEqualTo(1);
        assertThat(producer.transactionInFlight()).isFalse();
        assertThat(results()).extracting(Result::jobId).containsExactly("j1");
        assertThat(lastPosition().next()).isEqualTo(1);
    }

    @Test
    void aWorkerFencedByANewerIncarnationEndsWithTheFenceNotAsAHandlerFailure() {
        producer.commitTransactionException = new ProducerFencedException("incarnation 2 of slot 0 took over");
        committedPosition(0, List.of());
        task("j1", 1);

        start();

        await().atMost(A_WHILE).until(running::isDone);
        assertThat(failure()).isInstanceOf(ProducerFencedException.class);
        assertThat(producer.history()).as("nothing committed").isEmpty();
    }

    @Test
    void heartbeatsCarryTheTimeOfTheWorkersClock() {
        committedPosition(0, List.of());
        start();

        await().atMost(A_WHILE).until(() -> beats().stream().anyMatch(b -> b.at() == clock.millis()));
        clock.advance(Duration.ofHours(1));

        await().atMost(A_WHILE).until(() -> beats().stream().anyMatch(b -> b.at() == clock.millis()));
        assertThat(beats()).allSatisfy(b -> {
            assertThat(b.workerId()).isEqualTo(SLOT);
            assertThat(b.incarnation()).isEqualTo(INCARNATION);
        });
    }

    private void start() {
        WorkerConfig config = new WorkerConfig(KAFKA, SLOT, INCARNATION, "double", HandlerCatalog.none(),
                Duration.ofMillis(50), 100, Duration.ofMinutes(1), 1, dir.resolve("box"), poisonFile, 0);
        worker = new Worker(config, WorkerClients.create(KAFKA, "kpool-worker-" + SLOT, config.batchSize(),
                new Clients(), props -> null), clock);
        running = CompletableFuture.runAsync(() -> {
            try {
                worker.run();
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }, r -> new Thread(r, "kpool-worker-" + SLOT).start());
    }

    /** Waits until the slot's position is committed at {@code next}, the worker still running. */
    private void awaitCommittedUpTo(long next) {
        await().atMost(A_WHILE).until(() -> running.isDone() || lastPosition().next() == next);
        assertThat(running).as("the worker runs on").isNotDone();
        assertThat(producer.transactionCommitted()).isTrue();
    }

    private Throwable failure() {
        return running.handle((ok, e) -> e.getCause()).join();
    }

    private void committedPosition(long next, List<Long> done) {
        tasks.add(new ProducerRecord<>(TOPICS.positions(), SLOT, String.valueOf(SLOT),
                Json.encode(new Position(SLOT, next, done, INCARNATION - 1, clock.millis()))));
    }

    private void task(String jobId, int payload) {
        task(jobId, payload, clock.millis());
    }

    private void task(String jobId, int payload, long submittedAt) {
        tasks.add(new ProducerRecord<>(TOPICS.tasks(), SLOT, jobId, Json.encode(new Task(jobId,
                IntNode.valueOf(payload), null, SLOT, 1, submittedAt, submittedAt))));
    }

    private List<Result> results() {
        return sent(producer, TOPICS.results(), Result.class);
    }

    private List<DeadLetter> deadLetters() {
        return sent(producer, TOPICS.deadLetters(), DeadLetter.class);
    }

    private Position lastPosition() {
        List<Position> positions = sent(producer, TOPICS.positions(), Position.class);
        return positions.isEmpty() ? new Position(SLOT, -1, List.of(), 0, 0) : positions.get(positions.size() - 1);
    }

    private List<Heartbeat> beats() {
        return sent(heartbeats, TOPICS.heartbeats(), Heartbeat.class);
    }

    private static <T> List<T> sent(MockProducer<String, byte[]> producer, String topic, Class<T> type) {
        return producer.history().stream().filter(r -> r.topic().equals(topic))
                .map(r -> Json.decode(r.value(), type)).toList();
    }

    /** Every topic a worker writes, with one partition each, so the mock producer can place a record. */
    private static MockProducer<String, byte[]> producer() {
        List<PartitionInfo> partitions = List.of(TOPICS.results(), TOPICS.deadLetters(), TOPICS.events(),
                TOPICS.positions(), TOPICS.heartbeats()).stream()
                .map(topic -> new PartitionInfo(topic, 0, null, new Node[0], new Node[0])).toList();
        return new MockProducer<>(new Cluster("c", List.of(), partitions, Set.of(), Set.of()), true, null,
                new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * The records of some partitions, as a consumer reads them: each partition's records reach the
     * consumer once it is assigned it (Kafka's mock takes records only for assigned partitions).
     */
    private static final class Log {
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

    /** The task consumer (positions and tasks), the cancel orders' reader, the transactional producer and the heartbeats'. */
    private final class Clients implements KafkaClients {
        @Override
        public Consumer<String, byte[]> consumer(Map<String, Object> properties) {
            return String.valueOf(properties.get(ConsumerConfig.CLIENT_ID_CONFIG)).endsWith("-cancels")
                    ? cancels.consumer : tasks.consumer;
        }

        @Override
        public Producer<String, byte[]> producer(Map<String, Object> properties) {
            return properties.containsKey(ProducerConfig.TRANSACTIONAL_ID_CONFIG) ? producer : heartbeats;
        }
    }
}
