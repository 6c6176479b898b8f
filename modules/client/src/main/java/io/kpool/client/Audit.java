package io.kpool.client;

import io.kpool.protocol.DeadLetter;
import io.kpool.protocol.Json;
import io.kpool.protocol.MalformedMessageException;
import io.kpool.protocol.Result;
import io.kpool.protocol.Topics;
import io.kpool.transport.KafkaSettings;
import io.kpool.transport.KafkaUnavailableException;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Audits a pool: reads every committed record of {@code <prefix>.jobs}, {@code <prefix>.results},
 * {@code <prefix>.dead-letters} and {@code <prefix>.delayed} from the beginning up to the end offsets taken when it starts
 * (a {@link TopicSnapshot}), and checks that every jobs record has exactly one outcome, by the rules
 * of {@link AuditBook}.
 */
public final class Audit {

    /** How long reading may make no progress at all before the audit gives up. */
    public static final Duration STALL = TopicSnapshot.STALL;

    private Audit() {
    }

    /**
     * Reads the three topics to their end offsets and reports.
     *
     * @param kafka    where the pool is
     * @param show     how many examples of each kind of problem to report
     * @param progress told once a second while reading, from the first second on (not when reading
     *                 takes less than a second); on the calling thread
     * @throws KafkaUnavailableException when a topic does not exist, or reading makes no progress for {@link #STALL}
     */
    public static AuditReport run(KafkaSettings kafka, int show, Consumer<TopicSnapshot.Progress> progress) {
        Topics topics = kafka.topics();
        AuditBook book = new AuditBook(topics, show);
        TopicSnapshot.read(kafka, "kpool-audit", List.of(topics.jobs(), topics.results(), topics.deadLetters(),
                        topics.delayed()), record -> take(book, topics, record), progress);
        return book.report();
    }

    private static void take(AuditBook book, Topics topics, ConsumerRecord<String, byte[]> record) {
        if (record.topic().equals(topics.jobs())) {
            book.jobRecord(record.partition(), record.offset(), record.value());
            return;
        }
        if (record.topic().equals(topics.delayed())) {
            // keyed <job id>@<its jobs offset>, on the partition of its jobs record; a tombstone once routed
            String key = record.key();
            int at = key == null ? -1 : key.lastIndexOf('@');
            if (at >= 0) {
                try {
                    book.delayed(record.partition(), Long.parseLong(key.substring(at + 1)), record.value() != null);
                } catch (NumberFormatException e) {
                    book.unreadable(record.topic(), record.partition(), record.offset());
                }
            }
            return;
        }
        if (record.value() == null) {
            book.unreadable(record.topic(), record.partition(), record.offset());
            return;
        }
        try {
            if (record.topic().equals(topics.results())) {
                book.result(Json.decode(record.value(), Result.class));
            } else {
                book.deadLetter(record.partition(), record.offset(), Json.decode(record.value(), DeadLetter.class));
            }
        } catch (MalformedMessageException e) {
            book.unreadable(record.topic(), record.partition(), record.offset());
        }
    }
}
