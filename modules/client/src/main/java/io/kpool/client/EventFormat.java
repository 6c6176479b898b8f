package io.kpool.client;

import io.kpool.protocol.event.PoolEvent;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Events as one line each, for people. */
public final class EventFormat {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

    private EventFormat() {
    }

    /** {@code 12:00:01.234  worker 2 crashed: exit 1 on job j-3 (incarnation 1, pid 4242)}. */
    public static String line(PoolEvent event) {
        return TIME.format(Instant.ofEpochMilli(event.at())) + "  " + event.describe();
    }
}
