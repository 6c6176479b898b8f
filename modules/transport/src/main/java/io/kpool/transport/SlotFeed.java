package io.kpool.transport;

import io.kpool.protocol.Heartbeat;
import io.kpool.protocol.Json;
import io.kpool.protocol.MalformedMessageException;
import io.kpool.protocol.WorkerStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows what is known of the slots: every {@link WorkerStatus} on the compacted
 * {@code <prefix>.workers} topic from its beginning, and the {@link Heartbeat}s on
 * {@code <prefix>.heartbeats} from {@code lookback} ago. Owned by one thread.
 */
public final class SlotFeed implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SlotFeed.class);

    private final KafkaSettings kafka;
    private final org.apache.kafka.clients.consumer.Consumer<String, byte[]> consumer;
    private final Map<TopicPartition, Long> endAtStart = new HashMap<>();

    /**
     * Follows slot states (all of them, from the beginning) and heartbeats.
     *
     * @param lookback how far back to read heartbeats
     */
    public SlotFeed(KafkaSettings kafka, String clientId, Duration lookback) {
        this(kafka, KafkaClients.kafka(), clientId, lookback);
    }

    /** As {@link #SlotFeed(KafkaSettings, String, Duration)}, its consumer made by {@code clients}. */
    public SlotFeed(KafkaSettings kafka, KafkaClients clients, String clientId, Duration lookback) {
        this(kafka, clients, clientId, lookback, true);
    }

    /**
     * Follows only the heartbeats sent from now on (a supervisor's view: it publishes the states).
     */
    public static SlotFeed heartbeatsOnly(KafkaSettings kafka, String clientId) {
        return heartbeatsOnly(kafka, KafkaClients.kafka(), clientId);
    }

    /** As {@link #heartbeatsOnly(KafkaSettings, String)}, its consumer made by {@code clients}. */
    public static SlotFeed heartbeatsOnly(KafkaSettings kafka, KafkaClients clients, String clientId) {
        return new SlotFeed(kafka, clients, clientId, Duration.ZERO, false);
    }

    private SlotFeed(KafkaSettings kafka, KafkaClients clients, String clientId, Duration lookback,
                     boolean withStatuses) {
        this.kafka = kafka;
        var props = kafka.consumer(clientId, null);
        props.put("isolation.level", "read_uncommitted");
        this.consumer = clients.consumer(props);
        List<TopicPartition> statuses = withStatuses
                ? Partitions.of(consumer, kafka, List.of(kafka.topics().workers())) : List.of();
        List<TopicPartition> beats = Partitions.of(consumer, kafka, List.of(kafka.topics().heartbeats()));
        List<TopicPartition> all = new ArrayList<>(statuses);
        all.addAll(beats);
        consumer.assign(all);
        consumer.seekToBeginning(statuses);
        endAtStart.putAll(consumer.endOffsets(all));
        long since = Instant.now().minus(lookback).toEpochMilli();
        Map<TopicPartition, Long> query = new HashMap<>();
        beats.forEach(tp -> query.put(tp, since));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
        for (TopicPartition tp : beats) {
            OffsetAndTimestamp at = found.get(tp);
            if (at == null) {
                consumer.seekToEnd(List.of(tp));
            } else {
                consumer.seek(tp, at.offset());
            }
        }
    }

    /** Polls once and hands each record to its callback; malformed records are skipped with a warning. */
    public void poll(Duration timeout, Consumer<WorkerStatus> onStatus, Consumer<Heartbeat> onHeartbeat) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(timeout)) {
            if (record.value() == null) {
                continue;
            }
            try {
                if (record.topic().equals(kafka.topics().workers())) {
                    onStatus.accept(Json.decode(record.value(), WorkerStatus.class));
                } else {
                    onHeartbeat.accept(Json.decode(record.value(), Heartbeat.class));
                }
            } catch (MalformedMessageException e) {
                log.warn("skipping a malformed record at {}-{}@{}: {}", record.topic(), record.partition(),
                        record.offset(), e.getMessage());
            }
        }
    }

    /** Whether every slot state and heartbeat published before this feed started has been read. */
    public boolean caughtUp() {
        return endAtStart.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    /** Interrupts a {@link #poll} in progress, from any thread. */
    public void wakeup() {
        consumer.wakeup();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
