package io.kpool.dispatcher;

import io.kpool.core.config.Durations;
import io.kpool.core.intake.JobIntake;
import io.kpool.core.intake.RecentIds;
import io.kpool.core.intake.Verdict;
import io.kpool.transport.KafkaClients;
import io.kpool.transport.PartitionRange;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
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
    private final KafkaClients clients;
    private final Clock clock;

    RecentIdsRelearner(DispatcherConfig config, JobIntake intake, RecentIds recent, KafkaClients clients, Clock clock) {
        this.config = config;
        this.clients = clients;
        this.clock = clock;
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
        partitions.forEach(tp -> since.put(tp, clock.millis() - config.dedupeWindow().toMillis()));
        int[] learned = {0};
        try (Consumer<String, byte[]> reader = clients.consumer(
                config.kafka().consumer(config.clientId() + "-relearn", null))) {
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
            PartitionRange.read(reader, until, record -> {
                if (intake.check(record.value(), record.timestamp()) instanceof Verdict.Accepted a && a.job().attempt() == null) {
                    recent.rememberFirst(a.job().id(), new RecentIds.Seen(Instant.ofEpochMilli(record.timestamp()),
                            record.partition(), record.offset()));
                    learned[0]++;
                }
            }, "Kafka at " + config.kafka().bootstrap());
        }
        log.info("dedupe: learned {} ids of the last {} on {} in {} ms", learned[0],
                Durations.format(config.dedupeWindow()), partitions, (System.nanoTime() - started) / 1_000_000);
    }
}
