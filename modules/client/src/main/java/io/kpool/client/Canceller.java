package io.kpool.client;

import io.kpool.protocol.CancelRequest;
import io.kpool.protocol.DeadLetter;
import io.kpool.protocol.Json;
import io.kpool.protocol.MalformedMessageException;
import io.kpool.protocol.Result;
import io.kpool.protocol.Topics;
import io.kpool.protocol.event.PoolEvent;
import io.kpool.transport.KafkaSettings;
import io.kpool.transport.Partitions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;

/**
 * Cancels jobs as {@code kpool cancel} does. For each job it first looks for an outcome written
 * within the dedupe window (the job's partition of the results, by the default partitioner of its
 * key, and the dead letters, from {@code now - window}); a job that has one is left alone. For the
 * others it writes a cancel request to the jobs topic, keyed by the job's id, and reads the
 * results, dead letters and events from the moment it looked, until each job has its answer or
 * the time is up.
 */
public final class Canceller {

    private static final Duration POLL = Duration.ofMillis(100);

    private Canceller() {
    }

    /**
     * @param window  the pool's dedupe window: how far back to look for an outcome
     * @param timeout how long to wait for the answers once the cancels are written
     */
    public static List<CancelAnswer> cancel(KafkaSettings kafka, List<String> jobIds, Duration window,
                                            Duration timeout) {
        List<String> ids = List.copyOf(new LinkedHashSet<>(jobIds));
        Topics topics = kafka.topics();
        CancelBook book = new CancelBook(ids);
        var props = kafka.consumer("kpool-client-cancel", null);
        props.put("max.poll.records", 5000);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
            int resultPartitions = Partitions.of(consumer, kafka, List.of(topics.results())).size();
            Set<TopicPartition> outcomes = new LinkedHashSet<>();
            ids.forEach(id -> outcomes.add(new TopicPartition(topics.results(), partitionOf(id, resultPartitions))));
            outcomes.addAll(Partitions.of(consumer, kafka, List.of(topics.deadLetters())));
            List<TopicPartition> events = Partitions.of(consumer, kafka, List.of(topics.events()));
            List<TopicPartition> all = new ArrayList<>(outcomes);
            all.addAll(events);
            consumer.assign(all);
            Map<TopicPartition, Long> ends = consumer.endOffsets(all);
            consumer.seekToEnd(events);
            Map<TopicPartition, Long> since = new HashMap<>();
            outcomes.forEach(tp -> since.put(tp, Instant.now().minus(window).toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(since);
            for (TopicPartition tp : outcomes) {
                OffsetAndTimestamp start = starts.get(tp);
                consumer.seek(tp, start == null ? ends.get(tp) : start.offset());
            }
            CancelBook.Recorder before = book.before();
            Set<TopicPartition> behind = new LinkedHashSet<>(outcomes);
            behind.removeIf(tp -> consumer.position(tp) >= ends.get(tp));
            consumer.pause(events);
            while (!behind.isEmpty()) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    if (r.offset() < ends.get(tp)) {
                        take(r, topics, before);
                    } else {
                        // past the moment it looked: an answer to the cancel, read again below
                        consumer.pause(List.of(tp));
                    }
                }
                behind.removeIf(tp -> consumer.position(tp) >= ends.get(tp));
            }
            for (TopicPartition tp : outcomes) {
                consumer.seek(tp, ends.get(tp));
            }
            consumer.resume(all);
            List<String> toAsk = book.toAsk();
            CancelBook.Recorder after = book.after();
            if (!toAsk.isEmpty()) {
                ask(kafka, toAsk);
            }
            PollUntil.holds(book::settled, timeout, () -> consumer.poll(POLL).forEach(r -> take(r, topics, after)));
            // a worker that stopped for its job said so before its successor dead-lettered the job
            Map<TopicPartition, Long> now = consumer.endOffsets(events);
            consumer.pause(outcomes);
            PollUntil.holds(() -> events.stream().allMatch(tp -> consumer.position(tp) >= now.get(tp)),
                    Duration.ofSeconds(2), () -> consumer.poll(POLL).forEach(r -> take(r, topics, after)));
        }
        return book.answers();
    }

    /** The partition a record keyed by {@code key} goes to with Kafka's default partitioner. */
    static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    private static void ask(KafkaSettings kafka, List<String> ids) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.producer("kpool-client-cancel"))) {
            List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
            for (String id : ids) {
                sent.add(producer.send(new ProducerRecord<>(kafka.topics().jobs(), id,
                        Json.encode(new CancelRequest(id)))));
            }
            for (var f : sent) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending the cancel requests", e);
        } catch (ExecutionException e) {
            throw new org.apache.kafka.common.KafkaException("cannot write the cancel requests to "
                    + kafka.topics().jobs() + ": " + e.getCause(), e.getCause());
        }
    }

    private static void take(ConsumerRecord<String, byte[]> r, Topics topics, CancelBook.Recorder into) {
        if (r.value() == null) {
            return;
        }
        try {
            if (r.topic().equals(topics.results())) {
                into.result(Json.decode(r.value(), Result.class).jobId());
            } else if (r.topic().equals(topics.deadLetters())) {
                into.deadLetter(Json.decode(r.value(), DeadLetter.class));
            } else {
                into.event(Json.decode(r.value(), PoolEvent.class));
            }
        } catch (MalformedMessageException e) {
            // a record of a kind this client does not know: not an answer
        }
    }
}
