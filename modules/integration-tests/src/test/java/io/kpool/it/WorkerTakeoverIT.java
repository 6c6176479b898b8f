package io.kpool.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.IntNode;
import io.kpool.client.Outcomes;
import io.kpool.protocol.Json;
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
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A new incarnation of a worker takes its slot from the last committed offset, even when its
 * predecessor died with a transaction open whose offsets are pending (the broker calls such
 * offsets "unstable" until the transaction ends): not from the start of the partition, which would
 * run committed tasks twice, and not from the pending offsets, which would skip tasks.
 */
@ExtendWith(SharedBroker.class)
class WorkerTakeoverIT {

    @Test
    @Timeout(120)
    void takesOverFromTheCommittedOffsetWhileThePredecessorsOffsetsArePending() throws Exception {
        KafkaSettings kafka = new KafkaSettings(SharedBroker.bootstrap(),
                new Topics("it-" + UUID.randomUUID().toString().substring(0, 8)));
        Topics topics = kafka.topics();
        try (TopicAdmin admin = new TopicAdmin(kafka)) {
            admin.ensure(TopicLayout.forSlots(1), Duration.ofSeconds(60));
        }
        TopicPartition tasks = new TopicPartition(topics.tasks(), 0);
        try (KafkaProducer<String, byte[]> plain = new KafkaProducer<>(kafka.producer("it-tasks"))) {
            for (int i = 0; i < 10; i++) {
                Task task = new Task("job-" + i, IntNode.valueOf(i), null, 0, 1, 0L, 0L);
                plain.send(new ProducerRecord<>(topics.tasks(), 0, task.jobId(), Json.encode(task)));
            }
        }
        // The predecessor: tasks 0-3 done and committed; then a transaction that takes tasks 4-7,
        // left open as a killed worker leaves it.
        KafkaProducer<String, byte[]> predecessor = new KafkaProducer<>(
                kafka.transactionalProducer("it-predecessor", topics.workerTransactionalId(0)));
        ConsumerGroupMetadata group = new ConsumerGroupMetadata(topics.workerGroup(0));
        predecessor.initTransactions();
        predecessor.beginTransaction();
        predecessor.sendOffsetsToTransaction(Map.of(tasks, new OffsetAndMetadata(4)), group);
        predecessor.commitTransaction();
        predecessor.beginTransaction();
        predecessor.sendOffsetsToTransaction(Map.of(tasks, new OffsetAndMetadata(8)), group);

        List<String> done = new CopyOnWriteArrayList<>();
        WorkerConfig config = new WorkerConfig(kafka, 0, 2, "double", io.kpool.core.handler.HandlerCatalog.none(), Duration.ofMillis(500), 1000,
                Duration.ofMillis(10), null, null, 0);
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
                return done.containsAll(List.of("job-4", "job-5", "job-6", "job-7", "job-8", "job-9"));
            });
            worker.stop();
            running.join(Duration.ofSeconds(10).toMillis());
        } finally {
            predecessor.close(Duration.ZERO);
        }
        assertThat(done).as("results: tasks 4-9, each once; tasks 0-3 were committed before")
                .containsExactlyInAnyOrder("job-4", "job-5", "job-6", "job-7", "job-8", "job-9");
    }
}
