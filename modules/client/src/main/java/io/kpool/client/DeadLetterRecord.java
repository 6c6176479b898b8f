package io.kpool.client;

import io.kpool.protocol.DeadLetter;

/**
 * A dead letter where it lies: its record on {@code <prefix>.dead-letters}. The position is how
 * {@code kpool replay} names the dead letter it replays. Written as JSON by {@code kpool dead-letters
 * --json}, field for field: {@code {"topic", "partition", "offset", "letter": {...as on the wire}}}.
 *
 * @param topic     the dead-letters topic
 * @param partition the record's partition
 * @param offset    the record's offset
 * @param letter    the dead letter, as written
 */
public record DeadLetterRecord(String topic, int partition, long offset, DeadLetter letter) {

    /** {@code kpool.dead-letters-0@17}: the record's topic, partition and offset. */
    public String position() {
        return topic + "-" + partition + "@" + offset;
    }
}
