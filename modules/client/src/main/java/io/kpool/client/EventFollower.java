package io.kpool.client;

import io.kpool.protocol.Json;
import io.kpool.protocol.MalformedMessageException;
import io.kpool.protocol.event.PoolEvent;
import io.kpool.transport.KafkaSettings;
import io.kpool.transport.Partitions;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Follows {@code <prefix>.events}: every subscriber reads the whole broadcast for itself (no
 * consumer group). Owned by one thread.
 */
public final class EventFollower implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;

    /**
     * @param fromBeginning read the retained history first, instead of only what comes next
     */
    public EventFollower(KafkaSettings kafka, boolean fromBeginning) {
        var props = kafka.consumer("kpool-events", null);
        props.put("isolation.level", "read_committed");
        this.consumer = new KafkaConsumer<>(props);
        Partitions.assign(consumer, kafka, List.of(kafka.topics().events()),
                fromBeginning ? Partitions.Start.BEGINNING : Partitions.Start.END);
    }

    /**
     * Polls once; events of kinds this version does not know are skipped. Returns early, with
     * nothing, after {@link #wakeup()}.
     */
    public void poll(Duration timeout, Consumer<PoolEvent> onEvent) {
        ConsumerRecords<String, byte[]> records;
        try {
            records = consumer.poll(timeout);
        } catch (WakeupException e) {
            return;
        }
        for (ConsumerRecord<String, byte[]> record : records) {
            if (record.value() == null) {
                continue;
            }
            try {
                onEvent.accept(Json.decode(record.value(), PoolEvent.class));
            } catch (MalformedMessageException e) {
                // an event from a newer kpool, or a foreign writer
            }
        }
    }

    /** Interrupts a poll in progress, from any thread. */
    public void wakeup() {
        consumer.wakeup();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
