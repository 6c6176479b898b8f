package io.kpool.cli;

import io.kpool.core.intake.IntakeLimits;
import java.time.Duration;
import picocli.CommandLine.Option;

/** How the dispatcher routes and what it accepts: used by {@code dispatcher} and passed on by {@code up}. */
final class DispatchOptions {

    static final String DISPATCH = "--dispatch";
    static final String MAX_JOB_BYTES = "--max-job-bytes";
    static final String MAX_ID_LENGTH = "--max-id-length";
    static final String DEDUPE_WINDOW = "--dedupe-window";

    @Option(names = DISPATCH, paramLabel = "STRATEGY",
            description = "round-robin (live workers in turn) or least-busy (fewest jobs in flight) "
                    + "(default: ${DEFAULT-VALUE}).")
    String strategy;

    @Option(names = MAX_JOB_BYTES, paramLabel = "BYTES",
            description = "Larger jobs are dead-lettered as too_large (default: ${DEFAULT-VALUE}).")
    int maxJobBytes;

    @Option(names = MAX_ID_LENGTH, paramLabel = "CHARS",
            description = "Longer job ids are dead-lettered as id_too_long (default: ${DEFAULT-VALUE}).")
    int maxIdLength;

    @Option(names = DEDUPE_WINDOW, paramLabel = "DURATION", converter = DurationConverter.class,
            description = "A job whose id was accepted this recently is dead-lettered as duplicate_id; 0 turns the "
                    + "check off (default: ${DEFAULT-VALUE}).")
    Duration dedupeWindow;

    IntakeLimits limits() {
        return new IntakeLimits(maxJobBytes, maxIdLength);
    }
}
