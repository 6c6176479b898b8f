package io.kpool.client;

import io.kpool.protocol.DeadLetter;
import io.kpool.protocol.Json;
import io.kpool.protocol.MalformedMessageException;
import io.kpool.protocol.Result;
import io.kpool.transport.KafkaSettings;
import io.kpool.transport.Partitions;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Reads what becomes of jobs, committed results and dead letters, from the moment it is created
 * (create it before submitting). Owned by one thread.
 */
public final class Outcomes implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final String results;

    /** Reads from the current end of both topics. */
    public static Outcomes fromNow(KafkaSettings kafka) {
        return new Outcomes(kafka, false);
    }

    /** Reads both topics from their beginning. */
    public static Outcomes fromBeginning(KafkaSettings kafka) {
        return new Outcomes(kafka, true);
    }

    private Outcomes(KafkaSettings kafka, boolean fromBeginning) {
        var props = kafka.consumer("kpool-client-outcomes", null);
        props.put("max.poll.records", 5000);
        this.consumer = new KafkaConsumer<>(props);
        this.results = kafka.topics().results();
        Partitions.assign(consumer, kafka, List.of(kafka.topics().results(), kafka.topics().deadLetters()),
                fromBeginning ? Partitions.Start.BEGINNING : Partitions.Start.END);
    }

    /** Polls once; malformed records are skipped. */
    public void poll(Duration timeout, Consumer<Result> onResult, Consumer<DeadLetter> onDeadLetter) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(timeout)) {
            if (record.value() == null) {
                continue;
            }
            try {
                if (record.topic().equals(results)) {
                    onResult.accept(Json.decode(record.value(), Result.class));
                } else {
                    onDeadLetter.accept(Json.decode(record.value(), DeadLetter.class));
                }
            } catch (MalformedMessageException e) {
                // not ours to judge here: a foreign writer; skip it
            }
        }
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
