package io.kpool.dispatcher;

import io.kpool.core.config.Durations;
import io.kpool.core.intake.JobIntake;
import io.kpool.core.intake.RecentIds;
import io.kpool.core.intake.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads back, from the log, the ids accepted within the dedupe window on partitions a dispatcher
 * has just been given (before their committed offsets), so that a restarted or rebalanced
 * dispatcher still turns away re-submissions. Runs on the dispatcher's thread, with a consumer of
 * its own that is closed when done.
 */
final class RecentIdsRelearner {

    private static final Logger log = LoggerFactory.getLogger(RecentIdsRelearner.class);

    private final DispatcherConfig config;
    private final JobIntake intake;
    private final RecentIds recent;

    RecentIdsRelearner(DispatcherConfig config, JobIntake intake, RecentIds recent) {
        this.config = config;
        this.intake = intake;
        this.recent = recent;
    }

    /**
     * @param partitions the partitions just assigned
     * @param committed  their committed offsets: where re-reading stops
     */
    void relearn(Collection<TopicPartition> partitions, Map<TopicPartition, OffsetAndMetadata> committed) {
        long started = System.nanoTime();
        Map<TopicPartition, Long> since = new HashMap<>();
        partitions.forEach(tp -> since.put(tp, System.currentTimeMillis() - config.dedupeWindow().toMillis()));
        int learned = 0;
        try (KafkaConsumer<String, byte[]> reader = new KafkaConsumer<>(
                config.kafka().consumer("kpool-dispatcher-" + config.instance() + "-relearn", null))) {
            reader.assign(partitions);
            Map<TopicPartition, OffsetAndTimestamp> from = reader.offsetsForTimes(since);
            Map<TopicPartition, Long> until = new HashMap<>();
            for (TopicPartition tp : partitions) {
                OffsetAndMetadata end = committed.get(tp);
                OffsetAndTimestamp start = from.get(tp);
                if (end == null || start == null || start.offset() >= end.offset()) {
                    continue;
                }
                reader.seek(tp, Math.max(start.offset(), end.offset() - DispatcherConfig.DEDUPE_CAPACITY));
                until.put(tp, end.offset());
            }
            reader.pause(partitions.stream().filter(tp -> !until.containsKey(tp)).toList());
            while (!until.isEmpty()) {
                for (ConsumerRecord<String, byte[]> record : reader.poll(Duration.ofMillis(200))) {
                    Long end = until.get(new TopicPartition(record.topic(), record.partition()));
                    if (end == null || record.offset() >= end) {
                        continue;
                    }
                    if (intake.check(record.value(), record.timestamp()) instanceof Verdict.Accepted a && a.job().attempt() == null) {
                        recent.rememberFirst(a.job().id(), new RecentIds.Seen(Instant.ofEpochMilli(record.timestamp()),
                                record.partition(), record.offset()));
                        learned++;
                    }
                }
                until.entrySet().removeIf(e -> reader.position(e.getKey()) >= e.getValue());
            }
        }
        log.info("dedupe: learned {} ids of the last {} on {} in {} ms", learned,
                Durations.format(config.dedupeWindow()), partitions, (System.nanoTime() - started) / 1_000_000);
    }
}
