package io.kpool.dispatcher;

import io.kpool.core.intake.RawValue;
import io.kpool.core.intake.Verdict;
import io.kpool.protocol.DeadLetter;
import io.kpool.protocol.DeadLetterReason;
import io.kpool.protocol.DelayedJob;
import io.kpool.protocol.Json;
import io.kpool.protocol.Topics;
import io.kpool.protocol.event.JobDeadLettered;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dead letters a dispatcher writes, each with its {@code job_dead_lettered} event, in the
 * transaction in progress: a record turned away at intake, and a delayed job cancelled while it
 * waited. On the dispatcher's thread.
 */
final class IntakeLetters {

    private static final Logger log = LoggerFactory.getLogger(IntakeLetters.class);

    private final Topics topics;
    private final DispatcherMetrics metrics;
    private long written;

    IntakeLetters(Topics topics, DispatcherMetrics metrics) {
        this.topics = topics;
        this.metrics = metrics;
    }

    /** A record of the jobs topic turned away: the record as read is the evidence. */
    void rejected(Producer<String, byte[]> producer, Verdict.Rejected rejected, ConsumerRecord<String, byte[]> record,
                  Instant now) {
        String key = rejected.jobId() != null ? rejected.jobId() : record.key();
        write(producer, key, rejected.jobId(), rejected.reason(), rejected.detail(), RawValue.of(record.value()),
                new DeadLetter.Origin(record.topic(), record.partition(), record.offset()), now);
    }

    /**
     * A job cancelled while it waited for its time: it never reached a worker. The letter holds the
     * job with its time to run, and points at the job's record on the jobs topic.
     */
    void cancelledWhileWaiting(Producer<String, byte[]> producer, DelayedJob job, Instant now) {
        String id = job.job().id();
        write(producer, id, id, DeadLetterReason.CANCELLED, "job " + id + " was cancelled while it waited to run at "
                        + Instant.ofEpochMilli(job.runAt()) + "; it never ran",
                RawValue.of(Json.encode(job.job())), new DeadLetter.Origin(topics.jobs(), job.partition(), job.offset()),
                now);
    }

    /** How many dead letters this dispatcher wrote in committed or open transactions. */
    long written() {
        return written;
    }

    private void write(Producer<String, byte[]> producer, String key, String jobId, DeadLetterReason reason,
                       String detail, RawValue raw, DeadLetter.Origin origin, Instant now) {
        DeadLetter letter = new DeadLetter(jobId, reason.wireName(), detail, raw.text(), raw.encoding(), origin,
                now.toEpochMilli(), null);
        producer.send(new ProducerRecord<>(topics.deadLetters(), key, Json.encode(letter)));
        producer.send(new ProducerRecord<>(topics.events(), null, Json.encode(
                new JobDeadLettered(jobId, reason.wireName(), null, now.toEpochMilli()))));
        written++;
        metrics.deadLettered(reason.wireName());
        log.info("dead-lettered {}-{}@{} ({}): {}", origin.topic(), origin.partition(), origin.offset(),
                reason.wireName(), detail);
    }
}
