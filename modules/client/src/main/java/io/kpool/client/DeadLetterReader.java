package io.kpool.client;

import io.kpool.protocol.DeadLetter;
import io.kpool.protocol.Json;
import io.kpool.protocol.MalformedMessageException;
import io.kpool.transport.KafkaSettings;
import io.kpool.transport.KafkaUnavailableException;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads a pool's dead letters, {@code <prefix>.dead-letters}, from the beginning to the end offsets
 * taken when it starts (a {@link TopicSnapshot}), then stops: for {@code kpool dead-letters}.
 */
public final class DeadLetterReader {

    /**
     * What was read besides the dead letters handed on.
     *
     * @param read       dead letters read (whether the selection took them or not)
     * @param taken      dead letters the selection took
     * @param unreadable records that are not a dead letter (not its JSON, or a null value)
     */
    public record Tally(long read, long taken, long unreadable) {
    }

    private DeadLetterReader() {
    }

    /**
     * Hands each dead letter the selection takes to {@code onLetter}, in order within each partition.
     *
     * @param progress told once a second while reading, when it takes longer than a second
     * @throws KafkaUnavailableException when the topic does not exist, or reading stalls
     */
    public static Tally read(KafkaSettings kafka, DeadLetterSelection selection, Consumer<DeadLetterRecord> onLetter,
                             Consumer<TopicSnapshot.Progress> progress) {
        long[] counts = new long[3];
        TopicSnapshot.read(kafka, "kpool-dead-letters", List.of(kafka.topics().deadLetters()), record -> {
            DeadLetter letter = decode(record.value());
            if (letter == null) {
                counts[2]++;
                return;
            }
            counts[0]++;
            if (selection.test(letter)) {
                counts[1]++;
                onLetter.accept(new DeadLetterRecord(record.topic(), record.partition(), record.offset(), letter));
            }
        }, progress);
        return new Tally(counts[0], counts[1], counts[2]);
    }

    /** The dead letter in a record's value, or null when it holds none. */
    static DeadLetter decode(byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            return Json.decode(value, DeadLetter.class);
        } catch (MalformedMessageException e) {
            return null;
        }
    }
}
