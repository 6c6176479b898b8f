package io.kpool.core.supervision;

import java.util.Optional;

/**
 * How a worker process ended, as the JVM reports it: a process killed by signal {@code n} reports
 * {@code 128 + n}.
 *
 * @param code the exit status
 */
public record ExitStatus(int code) {

    /**
     * The status of a worker that stopped itself because the job it was running was cancelled (and
     * noted the job in its black box): not a crash; it is restarted at once, and nobody is blamed.
     */
    public static final int CANCELLED_JOB = 5;

    /** Whether the process exited with status 0. */
    public boolean normal() {
        return code == 0;
    }

    /** The signal that ended the process, when one did. */
    public Optional<Signal> signal() {
        return code > 128 && code <= 128 + 64 ? Signal.byNumber(code - 128) : Optional.empty();
    }

    /** {@code exit 1}, or {@code signal KILL}. */
    public String describe() {
        return signal().map(s -> "signal " + s.name()).orElse("exit " + code);
    }
}
