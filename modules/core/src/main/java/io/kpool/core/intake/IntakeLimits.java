package io.kpool.core.intake;

import io.kpool.core.config.Require;

/**
 * The limits a job must stay within.
 *
 * @param maxJobBytes the largest record value accepted, in bytes
 * @param maxIdLength the longest job id accepted, in characters
 */
public record IntakeLimits(int maxJobBytes, int maxIdLength) {

    /** 1 MiB jobs (Kafka's own default record limit), 256-character ids. */
    public static IntakeLimits ofDefaults() {
        return new IntakeLimits(1024 * 1024, 256);
    }

    public IntakeLimits {
        Require.atLeast("maxJobBytes", maxJobBytes, 16);
        Require.atLeast("maxIdLength", maxIdLength, 1);
    }
}
