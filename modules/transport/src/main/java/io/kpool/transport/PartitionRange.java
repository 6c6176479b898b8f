package io.kpool.transport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads partitions from where a consumer stands up to an end offset each, then stops: how kpool
 * reads a topic as it was at a moment (an audit's snapshot, a dispatcher taking over the delayed
 * jobs or the dedupe memory of partitions just given to it). The consumer is assigned and
 * positioned by the caller; records at or past a partition's end are not handed on, and a partition
 * read to its end is paused.
 */
public final class PartitionRange {

    /** How long reading may make no progress at all before it gives up. */
    public static final Duration STALL = Duration.ofSeconds(60);

    private static final Duration POLL = Duration.ofMillis(200);

    /** Told after each poll how far reading has got. */
    @FunctionalInterface
    public interface Progress {
        /**
         * @param records records handed on so far
         * @param done    offsets passed so far, all partitions together (records, transaction
         *                markers and aborted records)
         * @param total   offsets to pass in all
         */
        void passed(long records, long done, long total);
    }

    private PartitionRange() {
    }

    /**
     * Reads up to {@code until}, giving up after {@link #STALL} without progress.
     *
     * @return the records handed on
     */
    public static long read(Consumer<String, byte[]> consumer, Map<TopicPartition, Long> until,
                            java.util.function.Consumer<ConsumerRecord<String, byte[]>> onRecord, String source) {
        return read(consumer, until, onRecord, (records, done, total) -> { }, STALL, source);
    }

    /**
     * @param consumer a consumer assigned at least the partitions of {@code until}, each at the offset
     *                 to read from
     * @param until    each partition's end offset (exclusive)
     * @param onRecord each record before its partition's end, in order within its partition, on the
     *                 calling thread
     * @param progress told after each poll
     * @param stall    how long reading may pass no offset before it gives up
     * @param source   what is read from, for the error: {@code "Kafka at host:9092"}
     * @return the records handed on
     * @throws KafkaUnavailableException when no offset was passed for {@code stall}
     */
    public static long read(Consumer<String, byte[]> consumer, Map<TopicPartition, Long> until,
                            java.util.function.Consumer<ConsumerRecord<String, byte[]>> onRecord, Progress progress,
                            Duration stall, String source) {
        Map<TopicPartition, Long> starts = new HashMap<>();
        List<TopicPartition> open = new ArrayList<>();
        long total = 0;
        for (Map.Entry<TopicPartition, Long> end : until.entrySet()) {
            long start = consumer.position(end.getKey());
            starts.put(end.getKey(), start);
            total += Math.max(0, end.getValue() - start);
            if (start < end.getValue()) {
                open.add(end.getKey());
            }
        }
        List<TopicPartition> idle = new ArrayList<>(consumer.assignment());
        idle.removeAll(open);
        consumer.pause(idle);

        long records = 0;
        long done = 0;
        long lastMove = System.nanoTime();
        while (!open.isEmpty()) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                Long end = until.get(new TopicPartition(record.topic(), record.partition()));
                if (end != null && record.offset() < end) {
                    records++;
                    onRecord.accept(record);
                }
            }
            long passed = 0;
            for (Map.Entry<TopicPartition, Long> end : until.entrySet()) {
                passed += Math.max(0, Math.min(consumer.position(end.getKey()), end.getValue()) - starts.get(end.getKey()));
            }
            List<TopicPartition> caughtUp = open.stream().filter(tp -> consumer.position(tp) >= until.get(tp)).toList();
            if (!caughtUp.isEmpty()) {
                open.removeAll(caughtUp);
                consumer.pause(caughtUp);
            }
            long now = System.nanoTime();
            if (passed != done) {
                done = passed;
                lastMove = now;
            } else if (!open.isEmpty() && now - lastMove > stall.toNanos()) {
                TopicPartition stuck = open.get(0);
                throw new KafkaUnavailableException("could not read " + stuck + " on " + source + " to its end offset "
                        + until.get(stuck) + ": no progress for " + stall.toSeconds() + " s (stuck at offset "
                        + consumer.position(stuck) + ")", null);
            }
            progress.passed(records, done, total);
        }
        return records;
    }
}
