package io.kpool.transport.local;

import com.fasterxml.jackson.core.type.TypeReference;
import io.kpool.core.supervision.PoisonVerdict;
import io.kpool.protocol.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/** The poison verdicts a supervisor hands to a slot's next incarnation: a JSON array in a file. */
public final class PoisonFile {

    private PoisonFile() {
    }

    /** Writes the verdicts atomically (write, then rename). */
    public static void write(Path file, List<PoisonVerdict> verdicts) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.write(tmp, Json.encode(verdicts));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write poison verdicts to " + file, e);
        }
    }

    /** Reads the verdicts; none when {@code file} is null or missing. */
    public static List<PoisonVerdict> read(Path file) {
        if (file == null || !Files.exists(file)) {
            return List.of();
        }
        try {
            return Json.mapper().readValue(Files.readAllBytes(file), new TypeReference<List<PoisonVerdict>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read poison verdicts from " + file, e);
        }
    }
}
