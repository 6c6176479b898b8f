package io.kpool.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.internals.AutoOffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Reading partitions up to an end offset each, against a consumer that serves what it is given. */
class PartitionRangeTest {

    private static final TopicPartition P0 = new TopicPartition("t", 0);
    private static final TopicPartition P1 = new TopicPartition("t", 1);

    private final MockConsumer<String, byte[]> consumer = new MockConsumer<>(AutoOffsetResetStrategy.EARLIEST.name());
    private final List<String> read = new ArrayList<>();

    @Test
    void handsOnEachRecordBeforeItsPartitionsEndAndNoneAfter() {
        consumer.assign(List.of(P0, P1));
        consumer.seek(P0, 0);
        consumer.seek(P1, 5);
        for (int offset = 0; offset < 4; offset++) {
            consumer.addRecord(record(P0, offset));
        }
        consumer.addRecord(record(P1, 5));

        long handed = PartitionRange.read(consumer, Map.of(P0, 3L, P1, 6L), r -> read.add(r.key()), "a mock");

        assertThat(read).containsExactlyInAnyOrder("t-0@0", "t-0@1", "t-0@2", "t-1@5");
        assertThat(handed).isEqualTo(4);
        assertThat(consumer.paused()).containsExactlyInAnyOrder(P0, P1);
    }

    @Test
    void aPartitionAlreadyAtItsEndIsNotReadAndTheProgressCountsTheOffsetsPassed() {
        consumer.assign(List.of(P0, P1));
        consumer.seek(P0, 2);
        consumer.seek(P1, 0);
        consumer.addRecord(record(P1, 0));
        consumer.addRecord(record(P1, 1));
        List<long[]> told = new ArrayList<>();

        PartitionRange.read(consumer, Map.of(P0, 2L, P1, 2L), r -> read.add(r.key()),
                (records, done, total) -> told.add(new long[] {records, done, total}), Duration.ofSeconds(5), "a mock");

        assertThat(read).containsExactly("t-1@0", "t-1@1");
        assertThat(told).last().isEqualTo(new long[] {2, 2, 2});
    }

    @Test
    void nothingToReadReturnsAtOnce() {
        consumer.assign(List.of(P0));
        consumer.seek(P0, 0);

        assertThat(PartitionRange.read(consumer, Map.of(P0, 0L), r -> read.add(r.key()), "a mock")).isZero();
    }

    @Test
    void givesUpNamingThePartitionWhenReadingMakesNoProgress() {
        consumer.assign(List.of(P0));
        consumer.seek(P0, 0);

        assertThatThrownBy(() -> PartitionRange.read(consumer, Map.of(P0, 5L), r -> read.add(r.key()),
                (records, done, total) -> { }, Duration.ofMillis(1), "Kafka at localhost:1"))
                .isInstanceOf(KafkaUnavailableException.class)
                .hasMessage("could not read t-0 on Kafka at localhost:1 to its end offset 5: no progress for 0 s "
                        + "(stuck at offset 0)");
    }

    private static ConsumerRecord<String, byte[]> record(TopicPartition tp, long offset) {
        return new ConsumerRecord<>(tp.topic(), tp.partition(), offset, tp + "@" + offset, new byte[0]);
    }
}
