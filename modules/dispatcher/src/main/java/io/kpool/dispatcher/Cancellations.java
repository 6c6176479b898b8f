package io.kpool.dispatcher;

import io.kpool.core.cancel.CancelledJobs;
import io.kpool.core.intake.RecentIds;
import io.kpool.protocol.CancelOrder;
import io.kpool.protocol.Job;
import io.kpool.protocol.Json;
import io.kpool.protocol.MalformedMessageException;
import io.kpool.protocol.Topics;
import io.kpool.protocol.event.CancelRefused;
import io.kpool.transport.KafkaClients;
import io.kpool.transport.KafkaSettings;
import io.kpool.transport.PartitionRange;
import io.kpool.transport.Partitions;
import io.kpool.transport.TopicAdmin;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A dispatcher's part in cancelling jobs, on its main thread and inside its transaction. A cancel
 * request names a job by its id: a job accepted within the dedupe window ({@link RecentIds}) is
 * ordered cancelled on {@code <prefix>.cancels}, for the workers; any other id is refused with a
 * {@code cancel_refused} event, and nothing changes. The dispatcher also remembers the jobs it
 * ordered cancelled, so that a job kpool moves back to the jobs topic (off a slot that gave up)
 * after its cancel is dead-lettered {@code cancelled} instead of routed again.
 */
final class Cancellations {

    private static final Logger log = LoggerFactory.getLogger(Cancellations.class);

    private final Topics topics;
    private final RecentIds recent;
    private final CancelledJobs cancelled = new CancelledJobs(TopicAdmin.CANCEL_RETENTION);
    private final List<CancelOrder> pending = new ArrayList<>();
    private long ordered;
    private long refused;

    Cancellations(Topics topics, RecentIds recent) {
        this.topics = topics;
        this.recent = recent;
    }

    /**
     * Takes a cancel request in, in the producer's open transaction: a cancel order for a job
     * accepted within the dedupe window (the batch in progress included), else a refusal.
     *
     * @return whether the job was ordered cancelled
     */
    boolean request(Producer<String, byte[]> producer, String jobId, Instant now) {
        var seen = recent.find(jobId);
        if (seen.isEmpty()) {
            producer.send(new ProducerRecord<>(topics.events(), null, Json.encode(
                    new CancelRefused(jobId, CancelRefused.UNKNOWN, now.toEpochMilli()))));
            refused++;
            log.info("cancel of job {} refused: no job with this id was accepted within the dedupe window", jobId);
            return false;
        }
        CancelOrder order = new CancelOrder(jobId, seen.get().at().toEpochMilli(), now.toEpochMilli());
        producer.send(new ProducerRecord<>(topics.cancels(), jobId, Json.encode(order)));
        pending.add(order);
        ordered++;
        log.info("job {} (submitted {}) ordered cancelled", jobId, seen.get().at());
        return true;
    }

    /**
     * Whether a job met again is one of the jobs ordered cancelled: a job kpool moved back to the
     * jobs topic (a later attempt that replays no dead letter) whose id was cancelled. A replay of a
     * cancelled job runs: replaying a dead letter is a new decision.
     */
    boolean cancelledAlready(Job job) {
        return job.attempt() != null && job.replayOf() == null && cancelled(job.id());
    }

    /** Whether a job of this id was ordered cancelled (within the last day), by this dispatcher. */
    boolean cancelled(String jobId) {
        return cancelled.anyCancelled(jobId);
    }

    /**
     * Learns the orders of the last day from the cancels topic, every dispatcher's (read committed),
     * when partitions are given to this dispatcher: a job moved back to the jobs topic after its
     * cancel is dead-lettered whichever dispatcher gave the order, and across restarts.
     */
    void relearn(KafkaSettings kafka, KafkaClients clients, String clientId, Instant now) {
        long started = System.nanoTime();
        int[] learned = {0};
        try (Consumer<String, byte[]> reader = clients.consumer(kafka.consumer(clientId, null))) {
            List<TopicPartition> partitions = Partitions.assign(reader, kafka, List.of(topics.cancels()),
                    Partitions.Start.BEGINNING);
            PartitionRange.read(reader, reader.endOffsets(partitions), record -> {
                try {
                    CancelOrder order = Json.decode(record.value(), CancelOrder.class);
                    cancelled.cancel(order.jobId(), order.submittedAt(), Instant.ofEpochMilli(order.at()));
                    learned[0]++;
                } catch (MalformedMessageException e) {
                    log.warn("skipping an unreadable record at {}-{}@{}: {}", record.topic(), record.partition(),
                            record.offset(), e.getMessage());
                }
            }, "Kafka at " + kafka.bootstrap());
        }
        cancelled.expire(now);
        log.info("cancels: read {} orders of {} in {} ms", learned[0], topics.cancels(),
                (System.nanoTime() - started) / 1_000_000);
    }

    /** The transaction committed: its orders stand. */
    void commit(Instant now) {
        for (CancelOrder order : pending) {
            cancelled.cancel(order.jobId(), order.submittedAt(), Instant.ofEpochMilli(order.at()));
        }
        pending.clear();
        cancelled.expire(now);
    }

    /** The transaction was rolled back: its orders were not given. */
    void discard() {
        pending.clear();
    }

    long ordered() {
        return ordered;
    }

    long refused() {
        return refused;
    }
}
