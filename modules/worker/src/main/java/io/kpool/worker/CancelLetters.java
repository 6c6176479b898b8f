package io.kpool.worker;

import io.kpool.core.intake.RawValue;
import io.kpool.protocol.DeadLetter;
import io.kpool.protocol.DeadLetterReason;
import io.kpool.protocol.Json;
import io.kpool.protocol.Task;
import io.kpool.protocol.Topics;
import io.kpool.protocol.event.JobDeadLettered;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes the dead letter (reason {@code cancelled}) and the event of a task whose job was
 * cancelled, in the caller's transaction, both stamped {@code now}: the job's one outcome, in place
 * of its result.
 */
final class CancelLetters {

    private CancelLetters() {
    }

    static void send(Producer<String, byte[]> producer, Topics topics, int slot, ConsumerRecord<String, byte[]> record,
                     Task task, long now) {
        RawValue raw = RawValue.of(record.value());
        DeadLetter letter = new DeadLetter(task.jobId(), DeadLetterReason.CANCELLED.wireName(),
                "job " + task.jobId() + " (submitted " + Instant.ofEpochMilli(task.submittedAt())
                        + ") was cancelled; worker " + slot + " did not run it to the end",
                raw.text(), raw.encoding(), new DeadLetter.Origin(record.topic(), record.partition(), record.offset()),
                now, null);
        producer.send(new ProducerRecord<>(topics.deadLetters(), task.jobId(), Json.encode(letter)));
        producer.send(new ProducerRecord<>(topics.events(), String.valueOf(slot), Json.encode(
                new JobDeadLettered(task.jobId(), DeadLetterReason.CANCELLED.wireName(), slot, now))));
    }
}
