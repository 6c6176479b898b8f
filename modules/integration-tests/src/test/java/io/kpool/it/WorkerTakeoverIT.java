package io.kpool.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.IntNode;
import io.kpool.client.Outcomes;
import io.kpool.core.handler.HandlerCatalog;
import io.kpool.protocol.Json;
import io.kpool.protocol.Position;
import io.kpool.protocol.Result;
import io.kpool.protocol.Task;
import io.kpool.protocol.Topics;
import io.kpool.transport.KafkaSettings;
import io.kpool.transport.TopicAdmin;
import io.kpool.transport.TopicLayout;
import io.kpool.worker.Worker;
import io.kpool.worker.WorkerConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A new incarnation of a worker takes its slot where the committed work ends: after the last
 * committed record of its slot on {@code <prefix>.positions}, whatever its predecessors left open,
 * aborted or tried to commit after being fenced; for a slot with no position yet, at the offset its
 * worker committed under the slot's consumer group (pools from before positions), even while that
 * offset is pending. Never from the start of the partition (committed tasks twice), never from an
 * uncommitted position (tasks skipped). Ten tasks, jobs 0-9, on slot 0; the predecessor is a
 * transactional producer with the slot's transactional id, as a killed worker leaves it.
 */
@ExtendWith(SharedBroker.class)
class WorkerTakeoverIT {

    private KafkaSettings kafka;
    private Topics topics;
    private TopicPartition tasks;

    @BeforeEach
    void tenTasks() {
        kafka = new KafkaSettings(SharedBroker.bootstrap(), new Topics("it-" + UUID.randomUUID().toString().substring(0, 8)));
        topics = kafka.topics();
        try (TopicAdmin admin = new TopicAdmin(kafka)) {
            admin.ensure(TopicLayout.forSlots(1), Duration.ofSeconds(60));
        }
        tasks = new TopicPartition(topics.tasks(), 0);
        try (KafkaProducer<String, byte[]> plain = new KafkaProducer<>(kafka.producer("it-tasks"))) {
            for (int i = 0; i < 10; i++) {
                Task task = new Task("job-" + i, IntNode.valueOf(i), null, 0, 1, 0L, 0L);
                plain.send(new ProducerRecord<>(topics.tasks(), 0, task.jobId(), Json.encode(task)));
            }
        }
    }

    @Test
    @Timeout(120)
    void takesOverAfterTheLastCommittedPositionNotTheOpenTransactionsOne() throws Exception {
        try (KafkaProducer<String, byte[]> predecessor = predecessor()) {
            predecessor.beginTransaction();
            predecessor.send(position(4));
            predecessor.commitTransaction();
            // Tasks 4-7 run, their results and position 8 in a transaction left open by a kill.
            predecessor.beginTransaction();
            for (int i = 4; i < 8; i++) {
                predecessor.send(result("job-" + i));
            }
            predecessor.send(position(8));
            predecessor.flush();

            assertThat(resultsOfANewWorker(6)).as("tasks 4-9, each once: the open transaction was aborted")
                    .containsExactlyInAnyOrder(jobs(4, 10));
        }
    }

    @Test
    @Timeout(120)
    void skipsTheTasksAPredecessorRunningSeveralAtOnceCommittedAheadOfItsPosition() throws Exception {
        try (KafkaProducer<String, byte[]> predecessor = predecessor()) {
            predecessor.beginTransaction();
            predecessor.send(result("job-5"));
            predecessor.send(result("job-7"));
            predecessor.send(position(3, 5L, 7L));
            predecessor.commitTransaction();
        }
        assertThat(resultsOfANewWorker(7)).as("5 and 7 by the predecessor; 3, 4, 6, 8, 9 by the new one, once each")
                .containsExactlyInAnyOrder("job-3", "job-4", "job-5", "job-6", "job-7", "job-8", "job-9");
    }

    @Test
    @Timeout(120)
    void aZombieFencedByTheNewIncarnationCannotCommitItsPosition() throws Exception {
        KafkaProducer<String, byte[]> zombie = predecessor();
        try {
            zombie.beginTransaction();
            zombie.send(position(2));
            zombie.commitTransaction();
            zombie.beginTransaction();
            for (int i = 2; i < 6; i++) {
                zombie.send(result("job-" + i));
            }
            zombie.send(position(6));
            zombie.flush();

            assertThat(resultsOfANewWorker(8)).containsExactlyInAnyOrder(jobs(2, 10));
            assertThatThrownBy(zombie::commitTransaction).as("the zombie's commit, after the takeover")
                    .isInstanceOf(KafkaException.class);
            try (Outcomes outcomes = Outcomes.fromBeginning(kafka)) {
                List<String> all = new CopyOnWriteArrayList<>();
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    outcomes.poll(Duration.ofMillis(200), (Result r) -> all.add(r.jobId()), letter -> { });
                    return all.size() >= 8;
                });
                outcomes.poll(Duration.ofMillis(500), (Result r) -> all.add(r.jobId()), letter -> { });
                assertThat(all).as("committed results: the zombie's never show").containsExactlyInAnyOrder(jobs(2, 10));
            }
        } finally {
            zombie.close(Duration.ZERO);
        }
    }

    @Test
    @Timeout(120)
    void readsBackPastManyAbortedTransactionsToTheLastCommittedPosition() throws Exception {
        try (KafkaProducer<String, byte[]> predecessor = predecessor()) {
            predecessor.beginTransaction();
            predecessor.send(position(3));
            predecessor.commitTransaction();
            // 40 aborted transactions: 80 offsets of records and markers after the committed one.
            for (int i = 0; i < 40; i++) {
                predecessor.beginTransaction();
                predecessor.send(position(9));
                predecessor.abortTransaction();
            }
        }
        assertThat(resultsOfANewWorker(7)).containsExactlyInAnyOrder(jobs(3, 10));
    }

    @Test
    @Timeout(120)
    void aPositionOutranksTheOffsetsCommittedUnderTheSlotsGroupBefore() throws Exception {
        try (KafkaProducer<String, byte[]> predecessor = predecessor()) {
            predecessor.beginTransaction();
            predecessor.sendOffsetsToTransaction(Map.of(tasks, new OffsetAndMetadata(2)), group());
            predecessor.commitTransaction();
            predecessor.beginTransaction();
            predecessor.send(position(6));
            predecessor.commitTransaction();
        }
        assertThat(resultsOfANewWorker(4)).containsExactlyInAnyOrder(jobs(6, 10));
    }

    @Test
    @Timeout(120)
    void aSlotWithoutAPositionTakesOverFromItsGroupOffsetEvenWhilePending() throws Exception {
        // A worker from before positions: tasks 0-3 committed under the slot's group; then a
        // transaction taking tasks 4-7 left open, its offsets pending ("unstable").
        try (KafkaProducer<String, byte[]> predecessor = predecessor()) {
            predecessor.beginTransaction();
            predecessor.sendOffsetsToTransaction(Map.of(tasks, new OffsetAndMetadata(4)), group());
            predecessor.commitTransaction();
            predecessor.beginTransaction();
            predecessor.sendOffsetsToTransaction(Map.of(tasks, new OffsetAndMetadata(8)), group());

            assertThat(resultsOfANewWorker(6)).as("results: tasks 4-9, each once; tasks 0-3 were committed before")
                    .containsExactlyInAnyOrder(jobs(4, 10));
        }
    }

    private KafkaProducer<String, byte[]> predecessor() {
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                kafka.transactionalProducer("it-predecessor", topics.workerTransactionalId(0)));
        producer.initTransactions();
        return producer;
    }

    private ConsumerGroupMetadata group() {
        return new ConsumerGroupMetadata(topics.workerGroup(0));
    }

    private ProducerRecord<String, byte[]> position(long next, Long... done) {
        return new ProducerRecord<>(topics.positions(), 0, "0",
                Json.encode(new Position(0, next, List.of(done), 1, 0L)));
    }

    private ProducerRecord<String, byte[]> result(String jobId) {
        return new ProducerRecord<>(topics.results(), jobId,
                Json.encode(new Result(jobId, IntNode.valueOf(-1), 0, 1, 1, 0L, 0L)));
    }

    private static String[] jobs(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "job-" + i).toArray(String[]::new);
    }

    /**
     * Runs a new incarnation of slot 0 until {@code expected} results are committed, stops it (it
     * commits what it has taken), and returns every committed result on the topic, duplicates
     * included: the predecessor's (output -1) show only if a transaction of its was committed.
     */
    private List<String> resultsOfANewWorker(int expected) throws Exception {
        List<String> done = new CopyOnWriteArrayList<>();
        WorkerConfig config = new WorkerConfig(kafka, 0, 2, "double", HandlerCatalog.none(), Duration.ofMillis(500),
                1000, Duration.ofMillis(10), 1, null, null, 0);
        try (Outcomes outcomes = Outcomes.fromBeginning(kafka); Worker worker = new Worker(config)) {
            Thread running = new Thread(() -> {
                try {
                    worker.run();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "it-worker-0");
            running.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                outcomes.poll(Duration.ofMillis(200), (Result r) -> done.add(r.jobId()), letter -> { });
                return done.size() >= expected;
            });
            worker.stop();
            running.join(Duration.ofSeconds(10).toMillis());
            outcomes.poll(Duration.ofMillis(500), (Result r) -> done.add(r.jobId()), letter -> { });
        }
        return done;
    }
}
