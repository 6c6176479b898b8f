package io.kpool.bench;

import io.kpool.transport.KafkaSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * When the dispatcher sent each job's task: the timestamps of the task records written between
 * {@link #mark} and {@link #read}, by job id. With the job's submit time and the result's
 * {@code completedAt} they split a job's latency into its stages.
 */
final class TaskTimes {

    private final KafkaSettings kafka;
    private final Map<TopicPartition, Long> from;

    private TaskTimes(KafkaSettings kafka, Map<TopicPartition, Long> from) {
        this.kafka = kafka;
        this.from = from;
    }

    /** Remembers where the tasks topic ends now. */
    static TaskTimes mark(KafkaSettings kafka) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(kafka.consumer("kpool-bench-tasks", null))) {
            List<TopicPartition> partitions = consumer.partitionsFor(kafka.topics().tasks()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            return new TaskTimes(kafka, new HashMap<>(consumer.endOffsets(partitions)));
        }
    }

    /** The send time (epoch ms) of every task written since {@link #mark}, by job id. */
    Map<String, Long> read() {
        Map<String, Long> sentAt = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(kafka.consumer("kpool-bench-tasks", null))) {
            consumer.assign(from.keySet());
            from.forEach(consumer::seek);
            Map<TopicPartition, Long> until = new HashMap<>(consumer.endOffsets(from.keySet()));
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (!until.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    sentAt.putIfAbsent(record.key(), record.timestamp());
                }
                until.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
            }
        }
        return sentAt;
    }
}
