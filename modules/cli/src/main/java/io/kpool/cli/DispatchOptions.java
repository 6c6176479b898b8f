package io.kpool.cli;

import io.kpool.core.config.Durations;
import io.kpool.core.intake.IntakeLimits;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/** How the dispatcher routes and what it accepts: used by {@code dispatcher} and passed on by {@code up}. */
final class DispatchOptions {

    @Option(names = "--dispatch", paramLabel = "STRATEGY",
            description = "round-robin (live workers in turn) or least-busy (fewest jobs in flight) "
                    + "(default: ${DEFAULT-VALUE}).")
    String strategy;

    @Option(names = "--max-job-bytes", paramLabel = "BYTES",
            description = "Larger jobs are dead-lettered as too_large (default: ${DEFAULT-VALUE}).")
    int maxJobBytes;

    @Option(names = "--max-id-length", paramLabel = "CHARS",
            description = "Longer job ids are dead-lettered as id_too_long (default: ${DEFAULT-VALUE}).")
    int maxIdLength;

    @Option(names = "--dedupe-window", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "A job whose id was accepted this recently is dead-lettered as duplicate_id; 0 turns the "
                    + "check off (default: ${DEFAULT-VALUE}).")
    Duration dedupeWindow;

    IntakeLimits limits() {
        return new IntakeLimits(maxJobBytes, maxIdLength);
    }

    List<String> asArgs() {
        return List.of("--dispatch", strategy, "--max-job-bytes", String.valueOf(maxJobBytes),
                "--max-id-length", String.valueOf(maxIdLength), "--dedupe-window", Durations.format(dedupeWindow));
    }
}
