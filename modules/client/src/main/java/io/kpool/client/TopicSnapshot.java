package io.kpool.client;

import io.kpool.transport.KafkaSettings;
import io.kpool.transport.KafkaUnavailableException;
import io.kpool.transport.PartitionRange;
import io.kpool.transport.Partitions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads every committed record of some of a pool's topics from their beginning up to the end
 * offsets taken when it starts ({@code isolation.level=read_committed}, no consumer group, nothing
 * committed), then stops: what {@code kpool audit}, {@code kpool dead-letters} and {@code kpool
 * replay} see is the topics as they were when the command began. Records written meanwhile are
 * left for the next run.
 */
public final class TopicSnapshot {

    /** How long reading may make no progress at all before it gives up. */
    public static final Duration STALL = PartitionRange.STALL;

    /** How long the broker may take to answer for the end offsets. */
    private static final Duration ASK = Duration.ofSeconds(30);
    private static final long SECOND_NANOS = 1_000_000_000L;

    /**
     * How far reading has got.
     *
     * @param records records read so far, all topics together
     * @param done    offsets passed so far (records, transaction markers and aborted records)
     * @param total   offsets to pass in all: from each partition's start to its end offset
     * @param elapsed time since reading started
     */
    public record Progress(long records, long done, long total, Duration elapsed) {

        /** Percent of the offsets passed, 0 to 100. */
        public int percent() {
            return total == 0 ? 100 : (int) Math.min(100, done * 100 / total);
        }
    }

    private TopicSnapshot() {
    }

    /**
     * Reads the topics to their end offsets, handing each record to {@code onRecord} on the calling
     * thread, in order within each partition (no order across partitions).
     *
     * @param clientId the Kafka client id of the reader
     * @param progress told once a second while reading, from the first second on (not when reading
     *                 takes less than a second); on the calling thread
     * @throws KafkaUnavailableException when a topic does not exist, or reading makes no progress for {@link #STALL}
     */
    public static void read(KafkaSettings kafka, String clientId, List<String> topics,
                            Consumer<ConsumerRecord<String, byte[]>> onRecord, Consumer<Progress> progress) {
        var props = kafka.consumer(clientId, null);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        kafka.tune(props, ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = Partitions.assign(consumer, kafka, topics, Partitions.Start.BEGINNING);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, ASK);
            long began = System.nanoTime();
            long[] nextProgress = {began + SECOND_NANOS};
            PartitionRange.read(consumer, ends, onRecord, (records, done, total) -> {
                long now = System.nanoTime();
                if (done < total && now >= nextProgress[0]) {
                    progress.accept(new Progress(records, done, total, Duration.ofNanos(now - began)));
                    nextProgress[0] = now + SECOND_NANOS;
                }
            }, STALL, "Kafka at " + kafka.bootstrap());
        }
    }
}
