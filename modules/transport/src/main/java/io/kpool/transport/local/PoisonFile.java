package io.kpool.transport.local;

import io.kpool.core.supervision.PoisonVerdict;
import io.kpool.protocol.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Set;

/**
 * What a supervisor hands to a slot's next incarnation about the tasks that crashed its
 * predecessors, as JSON in a file: the poison verdicts (tasks to dead-letter instead of running) and
 * the suspects (tasks that were running at a crash, not yet judged), which a worker running several
 * tasks at once runs one at a time, so that a crash they cause is blamed on them alone.
 */
public final class PoisonFile {

    /**
     * @param verdicts the tasks to dead-letter
     * @param suspects the offsets of tasks to run alone
     */
    public record Contents(List<PoisonVerdict> verdicts, Set<Long> suspects) {

        public Contents {
            verdicts = verdicts == null ? List.of() : List.copyOf(verdicts);
            suspects = suspects == null ? Set.of() : Set.copyOf(suspects);
        }
    }

    private PoisonFile() {
    }

    /** Writes the verdicts and suspects atomically (write, then rename). */
    public static void write(Path file, List<PoisonVerdict> verdicts, Set<Long> suspects) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.write(tmp, Json.encode(new Contents(verdicts, suspects)));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write poison verdicts to " + file, e);
        }
    }

    /** Reads the file; nothing when {@code file} is null or missing. */
    public static Contents read(Path file) {
        if (file == null || !Files.exists(file)) {
            return new Contents(List.of(), Set.of());
        }
        try {
            return Json.mapper().readValue(Files.readAllBytes(file), Contents.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read poison verdicts from " + file, e);
        }
    }
}
