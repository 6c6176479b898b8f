package io.kpool.worker;

import io.kpool.protocol.Json;
import io.kpool.protocol.Position;
import io.kpool.protocol.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * A slot's committed position on its task partition, kept in {@code <prefix>.positions} (partition
 * = slot): each transaction of the slot's worker ends with a {@link Position} record, committed or
 * aborted with the results it covers. One produce in the transaction, where the group's offsets
 * took two more round trips per commit ({@code AddOffsetsToTxn}, {@code TxnOffsetCommit}).
 *
 * <p>{@link #read} is called only after {@code initTransactions} returned: that fenced every older
 * producer of the slot's transactional id and settled its last transaction (an open one aborted, a
 * decided one completed), and nobody else writes the slot's partition of positions. So the
 * partition's last stable offset is final, the last committed record before it is where the
 * slot's committed work ends, and everything after it was aborted and runs again. A zombie cannot
 * add to it: its produce and its commit are refused for its old epoch.
 */
final class SlotPosition {

    /** How far back from the end the first look goes: a commit is one record and one marker. */
    private static final int FIRST_LOOK = 16;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private final Topics topics;
    private final int slot;
    private final TopicPartition partition;
    private final Clock clock;

    /** @param clock the time each position record is stamped with */
    SlotPosition(Topics topics, int slot, Clock clock) {
        this.topics = topics;
        this.slot = slot;
        this.partition = new TopicPartition(topics.positions(), slot);
        this.clock = clock;
    }

    /**
     * The record that ends a transaction of this slot: the next task to take is at {@code next},
     * and those at {@code done} (above it) are done already.
     */
    ProducerRecord<String, byte[]> record(long next, Collection<Long> done, long incarnation) {
        return new ProducerRecord<>(topics.positions(), slot, String.valueOf(slot), Json.encode(
                new Position(slot, next, List.copyOf(done), incarnation, clock.millis())));
    }

    /**
     * Where the slot's next task is: its last committed position; for a slot that has none, the
     * offset its worker committed under the slot's consumer group before kpool kept positions;
     * else empty (the partition's start). Leaves {@code consumer} assigned to nothing.
     *
     * @param consumer a {@code read_committed} consumer with no group
     */
    Optional<Position> read(Consumer<String, byte[]> consumer, WorkerClients clients) throws Exception {
        Position last = lastCommitted(consumer);
        consumer.assign(List.of());
        if (last != null) {
            return Optional.of(last);
        }
        OffsetAndMetadata before = groupOffset(clients);
        return Optional.ofNullable(before).map(o -> new Position(slot, o.offset(), List.of(), 0, 0));
    }

    /** The last committed record of the slot's partition, read backwards in growing windows. */
    private Position lastCommitted(Consumer<String, byte[]> consumer) {
        consumer.assign(List.of(partition));
        long end = consumer.endOffsets(List.of(partition), READ_TIMEOUT).get(partition);
        long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
        long window = FIRST_LOOK;
        for (long until = end, from; until > 0; until = from, window *= 4) {
            from = Math.max(0, until - window);
            consumer.seek(partition, from);
            ConsumerRecord<String, byte[]> last = null;
            while (consumer.position(partition, READ_TIMEOUT) < until) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + partition + " up to offset " + until
                            + " within " + READ_TIMEOUT.toSeconds() + " s");
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100)).records(partition)) {
                    if (record.offset() < until) {
                        last = record;
                    }
                }
            }
            if (last != null) {
                return Json.decode(last.value(), Position.class);
            }
        }
        return null;
    }

    /**
     * The offset committed under the slot's consumer group, as the broker sees it once no
     * transaction is pending on it ({@code requireStable}); asked again while it is unstable.
     */
    private OffsetAndMetadata groupOffset(WorkerClients clients) throws Exception {
        String group = topics.workerGroup(slot);
        TopicPartition tasks = new TopicPartition(topics.tasks(), slot);
        long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
        while (true) {
            Map<TopicPartition, OffsetAndMetadata> offsets = clients.admin.listConsumerGroupOffsets(
                            Map.of(group, new ListConsumerGroupOffsetsSpec().topicPartitions(List.of(tasks))),
                            new ListConsumerGroupOffsetsOptions().requireStable(true))
                    .partitionsToOffsetAndMetadata(group).get(READ_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (offsets.containsKey(tasks)) {
                return offsets.get(tasks);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the committed offset of " + tasks + " for " + group
                        + " stayed unstable for " + READ_TIMEOUT.toSeconds() + " s after this worker fenced its "
                        + "predecessors");
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }
}
