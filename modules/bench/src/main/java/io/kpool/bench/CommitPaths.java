package io.kpool.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The floor of a dispatcher's transaction, and the two ways it could keep its job positions: a
 * transaction of {@value #RECORDS} tasks from {@value #PARTITIONS} jobs partitions (what a
 * dispatcher commits at about 1,000 jobs/s), committed three ways, in turn, on the same broker:
 * <ul>
 *   <li><b>offsets</b>: one producer, the job offsets by {@code sendOffsetsToTransaction} with a
 *       group member's metadata, so a member the group has moved on from cannot commit (kpool's
 *       dispatcher);</li>
 *   <li><b>position records</b>: one producer, the positions as records of the transaction; nothing
 *       fences a zombie that way, so this is only the floor;</li>
 *   <li><b>a producer per jobs partition</b>: each with its partition's tasks and position record,
 *       fenced by a transactional id per partition (what the worker does per slot), committed at
 *       once from one thread each.</li>
 * </ul>
 */
final class CommitPaths {

    static final int PARTITIONS = 4;
    static final int RECORDS = 12;
    private static final Logger log = LoggerFactory.getLogger(CommitPaths.class);
    private static final byte[] TASK = "{\"jobId\":\"j-0000000\",\"payload\":1234,\"slot\":0}".getBytes(StandardCharsets.UTF_8);

    private CommitPaths() {
    }

    /** Measures {@code transactions} transactions of each path, interleaved. */
    static BenchReport.CommitFigures measure(BenchEnvironment env, int transactions) throws InterruptedException {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String jobs = "ceiling-jobs-" + id;
        String tasks = "ceiling-tasks-" + id;
        String positions = "ceiling-positions-" + id;
        RawTopics.create(env.connection(), Map.of(jobs, PARTITIONS, tasks, PARTITIONS, positions, PARTITIONS));
        Histogram offsets = Percentiles.histogram();
        Histogram records = Percentiles.histogram();
        Histogram perPartition = Percentiles.histogram();
        ExecutorService committers = Executors.newFixedThreadPool(PARTITIONS);
        List<KafkaProducer<String, byte[]>> partitionProducers = new ArrayList<>();
        // each path on producers of its own: a transaction begun right after its producer's last
        // commit waits for that commit's markers, which would charge one path for another's commit
        try (KafkaConsumer<String, byte[]> member = member(env, "ceiling-" + id, jobs);
             KafkaProducer<String, byte[]> withOffsets = producer(env, "ceiling-offsets-" + id);
             KafkaProducer<String, byte[]> withPositions = producer(env, "ceiling-positions-" + id)) {
            for (int p = 0; p < PARTITIONS; p++) {
                partitionProducers.add(producer(env, "ceiling-" + id + "-jobs-" + p));
            }
            for (int t = 0; t < transactions; t++) {
                long next = (t + 1L) * RECORDS;
                long began = System.nanoTime();
                withOffsets.beginTransaction();
                sendTasks(withOffsets, tasks, RECORDS);
                Map<TopicPartition, OffsetAndMetadata> at = new HashMap<>();
                for (int p = 0; p < PARTITIONS; p++) {
                    at.put(new TopicPartition(jobs, p), new OffsetAndMetadata(next));
                }
                withOffsets.sendOffsetsToTransaction(at, member.groupMetadata());
                withOffsets.commitTransaction();
                Percentiles.record(offsets, System.nanoTime() - began);

                began = System.nanoTime();
                withPositions.beginTransaction();
                sendTasks(withPositions, tasks, RECORDS);
                for (int p = 0; p < PARTITIONS; p++) {
                    withPositions.send(position(positions, p, next));
                }
                withPositions.commitTransaction();
                Percentiles.record(records, System.nanoTime() - began);

                began = System.nanoTime();
                List<Future<?>> commits = new ArrayList<>();
                for (int p = 0; p < PARTITIONS; p++) {
                    KafkaProducer<String, byte[]> producer = partitionProducers.get(p);
                    int partition = p;
                    commits.add(committers.submit(() -> {
                        producer.beginTransaction();
                        sendTasks(producer, tasks, RECORDS / PARTITIONS);
                        producer.send(position(positions, partition, next));
                        producer.commitTransaction();
                    }));
                }
                for (Future<?> commit : commits) {
                    commit.get();
                }
                Percentiles.record(perPartition, System.nanoTime() - began);
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("a transaction of the commit-path measure failed", e.getCause());
        } finally {
            committers.shutdownNow();
            partitionProducers.forEach(p -> p.close(Duration.ofSeconds(5)));
        }
        BenchReport.CommitFigures figures = new BenchReport.CommitFigures(Percentiles.of(offsets), Percentiles.of(records), Percentiles.of(perPartition));
        log.info("ceiling: commit paths {}", figures);
        return figures;
    }

    private static void sendTasks(KafkaProducer<String, byte[]> producer, String topic, int count) {
        for (int i = 0; i < count; i++) {
            producer.send(new ProducerRecord<>(topic, i % PARTITIONS, "j-" + i, TASK));
        }
    }

    private static ProducerRecord<String, byte[]> position(String topic, int partition, long next) {
        return new ProducerRecord<>(topic, partition, "jobs-" + partition,
                ("{\"next\":" + next + "}").getBytes(StandardCharsets.UTF_8));
    }

    /** A member of a group on the jobs topic, for group metadata with a generation, as a dispatcher has. */
    private static KafkaConsumer<String, byte[]> member(BenchEnvironment env, String group, String topic) {
        Map<String, Object> props = Ceiling.consumerProps(env, "read_committed", 500);
        props.put("group.id", group);
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props,
                new org.apache.kafka.common.serialization.StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (consumer.assignment().isEmpty()) {
            if (System.nanoTime() > deadline) {
                consumer.close();
                throw new IllegalStateException("group " + group + " gave no partition of " + topic + " in 60 s");
            }
            consumer.poll(Duration.ofMillis(100));
        }
        return consumer;
    }

    /** A transactional producer tuned as kpool's ({@code linger.ms} 5, short retry backoff), transactions ready. */
    private static KafkaProducer<String, byte[]> producer(BenchEnvironment env, String transactionalId) {
        Map<String, Object> props = Ceiling.producerProps(env, transactionalId);
        props.put("retry.backoff.max.ms", 10);
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props,
                new org.apache.kafka.common.serialization.StringSerializer(), new ByteArraySerializer());
        producer.initTransactions();
        return producer;
    }
}
