package io.kpool.dispatcher;

import io.kpool.protocol.DelayedJob;
import io.kpool.protocol.Json;
import io.kpool.protocol.MalformedMessageException;
import io.kpool.transport.KafkaClients;
import io.kpool.transport.KafkaSettings;
import io.kpool.transport.PartitionRange;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The jobs a dispatcher holds until their {@code runAt}: a timer queue in memory, kept on
 * {@code <prefix>.delayed} so that it outlives the dispatcher. Like {@link io.kpool.core.intake.RecentIds},
 * what a batch holds or fires is set apart until the batch commits ({@link #commit()}) or is rolled
 * back ({@link #discard()}): a job is on the queue exactly when its record is committed on the
 * topic. Owned by the dispatcher's thread.
 */
final class DelayedJobs {

    private static final Logger log = LoggerFactory.getLogger(DelayedJobs.class);
    private static final Comparator<DelayedJob> BY_TIME = Comparator.comparingLong(DelayedJob::runAt)
            .thenComparingInt(DelayedJob::partition).thenComparingLong(DelayedJob::offset);

    private final String topic;
    private final PriorityQueue<DelayedJob> queue = new PriorityQueue<>(BY_TIME);
    private final List<DelayedJob> holding = new ArrayList<>();
    /** Taken off the queue by this batch (fired or cancelled): back on it if the batch is rolled back. */
    private final List<DelayedJob> leaving = new ArrayList<>();

    /** @param topic the delayed topic, {@code <prefix>.delayed} */
    DelayedJobs(String topic) {
        this.topic = topic;
    }

    /** Holds a job until its time: the record to write in the batch's transaction. */
    ProducerRecord<String, byte[]> hold(DelayedJob job) {
        holding.add(job);
        return new ProducerRecord<>(topic, job.partition(), job.key(), Json.encode(job));
    }

    /** Whether a job held is due at {@code now}. */
    boolean anyDue(Instant now) {
        DelayedJob next = queue.peek();
        return next != null && next.runAt() <= now.toEpochMilli();
    }

    /** How long until the next job is due (zero when one is), or empty when none waits. */
    Optional<Duration> untilNext(Instant now) {
        DelayedJob next = queue.peek();
        return next == null ? Optional.empty()
                : Optional.of(Duration.ofMillis(Math.max(0, next.runAt() - now.toEpochMilli())));
    }

    /** Takes out up to {@code max} jobs due at {@code now}, earliest first, to route in this batch. */
    List<DelayedJob> takeDue(Instant now, int max) {
        List<DelayedJob> due = new ArrayList<>();
        while (due.size() < max && anyDue(now)) {
            due.add(queue.poll());
        }
        leaving.addAll(due);
        return due;
    }

    /**
     * Takes out every job of this id that waits, or that this batch holds, for a cancel: the caller
     * ends each one's record ({@link #fired}) and gives it its outcome in this batch's transaction.
     */
    List<DelayedJob> cancel(String jobId) {
        List<DelayedJob> found = new ArrayList<>();
        holding.removeIf(job -> job.job().id().equals(jobId) && found.add(job));
        List<DelayedJob> waiting = new ArrayList<>();
        queue.removeIf(job -> job.job().id().equals(jobId) && waiting.add(job));
        leaving.addAll(waiting);
        found.addAll(waiting);
        return found;
    }

    /** The tombstone that ends a job's record, in the transaction that routes or cancels it. */
    ProducerRecord<String, byte[]> fired(DelayedJob job) {
        return new ProducerRecord<>(topic, job.partition(), job.key(), null);
    }

    /** The batch committed: the jobs it held wait, the ones it fired or cancelled are gone. */
    void commit() {
        queue.addAll(holding);
        holding.clear();
        leaving.clear();
    }

    /**
     * The batch was rolled back: what it held is read again from the jobs topic, what it fired or
     * cancelled waits again.
     */
    void discard() {
        holding.clear();
        queue.addAll(leaving);
        leaving.clear();
    }

    /** How many jobs wait. */
    int size() {
        return queue.size();
    }

    /** Forgets the jobs of partitions this dispatcher no longer owns (between batches). */
    void drop(Collection<TopicPartition> jobPartitions) {
        Set<Integer> gone = new HashSet<>();
        jobPartitions.forEach(tp -> gone.add(tp.partition()));
        queue.removeIf(job -> gone.contains(job.partition()));
    }

    /**
     * Takes over the waiting jobs of jobs partitions just assigned: reads their partitions of the
     * delayed topic to the end (read committed, so after the last transaction of their previous
     * owner; the caller has already fetched the partitions' committed offsets, which waits for it).
     */
    void load(KafkaSettings kafka, KafkaClients clients, String clientId, Collection<TopicPartition> jobPartitions) {
        if (jobPartitions.isEmpty()) {
            return;
        }
        long started = System.nanoTime();
        List<TopicPartition> partitions = jobPartitions.stream()
                .map(tp -> new TopicPartition(topic, tp.partition())).toList();
        Map<String, DelayedJob> waiting = new LinkedHashMap<>();
        try (Consumer<String, byte[]> reader = clients.consumer(kafka.consumer(clientId, null))) {
            reader.assign(partitions);
            reader.seekToBeginning(partitions);
            PartitionRange.read(reader, reader.endOffsets(partitions), record -> {
                if (record.value() == null) {
                    waiting.remove(record.key());
                    return;
                }
                try {
                    waiting.put(record.key(), Json.decode(record.value(), DelayedJob.class));
                } catch (MalformedMessageException e) {
                    log.warn("skipping an unreadable record at {}-{}@{}: {}", record.topic(), record.partition(),
                            record.offset(), e.getMessage());
                }
            }, "Kafka at " + kafka.bootstrap());
        }
        queue.addAll(waiting.values());
        log.info("delayed: took over {} waiting jobs of {} in {} ms", waiting.size(), partitions,
                (System.nanoTime() - started) / 1_000_000);
    }
}
