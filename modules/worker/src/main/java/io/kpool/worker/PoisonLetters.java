package io.kpool.worker;

import io.kpool.core.intake.RawValue;
import io.kpool.core.supervision.PoisonVerdict;
import io.kpool.protocol.DeadLetter;
import io.kpool.protocol.DeadLetterReason;
import io.kpool.protocol.Json;
import io.kpool.protocol.Topics;
import io.kpool.protocol.event.JobDeadLettered;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes the dead letter (with its evidence) and the event of a task judged poison, in the caller's
 * transaction, both stamped {@code now}.
 */
final class PoisonLetters {

    private PoisonLetters() {
    }

    static void send(Producer<String, byte[]> producer, Topics topics, int slot, ConsumerRecord<String, byte[]> record,
                     PoisonVerdict verdict, long now) {
        RawValue raw = RawValue.of(record.value());
        String crashes = verdict.evidence().crashes().stream()
                .map(c -> c.signal() != null ? "signal " + c.signal() : "exit " + c.exitCode())
                .collect(Collectors.joining(", "));
        DeadLetter letter = new DeadLetter(verdict.jobId(), DeadLetterReason.CRASHED_WORKER.wireName(),
                "job " + verdict.jobId() + " crashed worker " + slot + " " + verdict.evidence().crashes().size()
                        + " times (" + crashes + ")",
                raw.text(), raw.encoding(), new DeadLetter.Origin(record.topic(), record.partition(), record.offset()),
                now, verdict.evidence());
        producer.send(new ProducerRecord<>(topics.deadLetters(), verdict.jobId(), Json.encode(letter)));
        producer.send(new ProducerRecord<>(topics.events(), String.valueOf(slot), Json.encode(
                new JobDeadLettered(verdict.jobId(), DeadLetterReason.CRASHED_WORKER.wireName(), slot, now))));
    }
}
