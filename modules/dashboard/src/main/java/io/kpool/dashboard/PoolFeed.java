package io.kpool.dashboard;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.kpool.dashboard.view.PoolView;
import io.kpool.protocol.DeadLetter;
import io.kpool.protocol.Heartbeat;
import io.kpool.protocol.Json;
import io.kpool.protocol.MalformedMessageException;
import io.kpool.protocol.Topics;
import io.kpool.protocol.WorkerStatus;
import io.kpool.protocol.event.PoolEvent;
import io.kpool.transport.KafkaSettings;
import io.kpool.transport.Partitions;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * The dashboard's one Kafka consumer, on the five topics a page draws from, without a group:
 * {@code workers} from its beginning (compacted: every slot's latest state), {@code heartbeats} from
 * a few seconds ago, the last {@link DashboardSettings#events()} events and
 * {@link DashboardSettings#deadLetters()} dead letters, and {@code results} from now on. It reads
 * committed records only, so a result or dead letter of a rolled-back worker transaction is never
 * counted. Owned by one thread.
 */
final class PoolFeed implements AutoCloseable {

    /** How far back heartbeats are read at the start: enough for every live worker's latest. */
    static final Duration HEARTBEAT_LOOKBACK = Duration.ofSeconds(10);
    /**
     * How long the broker may hold a fetch to gather {@link #FETCH_BYTES}: a pool's heartbeats (two a
     * second per worker) then cost a few fetches a second rather than one each, and news is at most this
     * late.
     */
    static final Duration FETCH_WAIT = Duration.ofMillis(200);
    /** What a fetch waits to gather, up to {@link #FETCH_WAIT}. */
    static final int FETCH_BYTES = 64 * 1024;

    private final KafkaConsumer<String, byte[]> consumer;
    private final Topics topics;

    PoolFeed(KafkaSettings kafka, DashboardSettings settings, InstantSource clock) {
        this.topics = kafka.topics();
        Map<String, Object> props = kafka.consumer("kpool-dashboard", null);
        props.put("max.poll.records", 5000);
        kafka.tune(props, "fetch.max.wait.ms", (int) FETCH_WAIT.toMillis());
        kafka.tune(props, "fetch.min.bytes", FETCH_BYTES);
        this.consumer = new KafkaConsumer<>(props);
        try {
            List<TopicPartition> workers = Partitions.of(consumer, kafka, List.of(topics.workers()));
            List<TopicPartition> beats = Partitions.of(consumer, kafka, List.of(topics.heartbeats()));
            List<TopicPartition> events = Partitions.of(consumer, kafka, List.of(topics.events()));
            List<TopicPartition> letters = Partitions.of(consumer, kafka, List.of(topics.deadLetters()));
            List<TopicPartition> results = Partitions.of(consumer, kafka, List.of(topics.results()));
            List<TopicPartition> all = new ArrayList<>();
            List.of(workers, beats, events, letters, results).forEach(all::addAll);
            consumer.assign(all);
            consumer.seekToBeginning(workers);
            consumer.seekToEnd(results);
            seekBack(events, settings.events());
            seekBack(letters, settings.deadLetters());
            seekToTime(beats, clock.millis() - HEARTBEAT_LOOKBACK.toMillis());
            all.forEach(consumer::position);
        } catch (RuntimeException e) {
            consumer.close(Duration.ZERO);
            throw e;
        }
    }

    /** Reads what came and folds it into {@code view}; a record that is not of its topic's shape is skipped. */
    void poll(Duration timeout, PoolView view) {
        Iterable<ConsumerRecord<String, byte[]>> records;
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
                fold(record, view);
            } catch (MalformedMessageException e) {
                // a foreign writer's record, or a kind from a newer kpool: not the dashboard's to judge
            }
        }
    }

    private void fold(ConsumerRecord<String, byte[]> record, PoolView view) {
        String topic = record.topic();
        if (topic.equals(topics.results())) {
            Times times = Json.decode(record.value(), Times.class);
            view.completed(times.submittedAt(), times.completedAt());
        } else if (topic.equals(topics.heartbeats())) {
            view.heartbeat(Json.decode(record.value(), Heartbeat.class));
        } else if (topic.equals(topics.workers())) {
            view.status(Json.decode(record.value(), WorkerStatus.class));
        } else if (topic.equals(topics.events())) {
            view.event(Json.decode(record.value(), PoolEvent.class));
        } else if (topic.equals(topics.deadLetters())) {
            view.deadLetter(Json.decode(record.value(), DeadLetter.class));
        }
    }

    /** Interrupts a {@link #poll} in progress, from any thread. */
    void wakeup() {
        consumer.wakeup();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }

    private void seekBack(List<TopicPartition> partitions, int records) {
        Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
        consumer.endOffsets(partitions).forEach((tp, end) -> consumer.seek(tp, Math.max(begin.get(tp), end - records)));
    }

    private void seekToTime(List<TopicPartition> partitions, long since) {
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(tp -> query.put(tp, since));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
        for (TopicPartition tp : partitions) {
            OffsetAndTimestamp at = found.get(tp);
            if (at == null) {
                consumer.seekToEnd(List.of(tp));
            } else {
                consumer.seek(tp, at.offset());
            }
        }
    }

    /** What the chart needs of a result: the rest of it (its output) is skipped unread. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Times(long submittedAt, long completedAt) {
    }
}
