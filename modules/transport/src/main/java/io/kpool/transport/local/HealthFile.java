package io.kpool.transport.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A file whose modification time a role's main loop keeps fresh, for liveness probes that can only
 * look at files ({@code find FILE -newermt '-30 seconds'}). Touched at most once a second.
 */
public final class HealthFile {

    private static final Duration EVERY = Duration.ofSeconds(1);

    private final Path file;
    private final Clock clock;
    private Instant last = Instant.EPOCH;

    /** @param file the file to keep fresh, or null for none */
    public HealthFile(Path file) {
        this(file, Clock.systemUTC());
    }

    HealthFile(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    /** The loop is alive: refresh the file if a second has passed. */
    public void beat() {
        if (file == null) {
            return;
        }
        Instant now = clock.instant();
        if (Duration.between(last, now).compareTo(EVERY) < 0) {
            return;
        }
        last = now;
        try {
            if (Files.exists(file)) {
                Files.setLastModifiedTime(file, FileTime.from(now));
            } else {
                Files.writeString(file, "kpool\n");
            }
        } catch (IOException e) {
            // a probe will notice a stale file; the role itself carries on
        }
    }
}
