package io.kpool.core.supervision;

import io.kpool.core.config.Require;
import java.time.Duration;

/**
 * How a supervisor treats its workers; an immutable value, built from {@link #ofDefaults()} and
 * the {@code with...} methods.
 *
 * @param restart          strategy, restart type, intensity, backoff
 * @param heartbeatTimeout heartbeat silence after which a running worker is killed and restarted
 * @param startTimeout     how long a new worker may take to send its first heartbeat
 * @param jobTimeout       how long one job may run before its worker is killed, or zero for no limit
 * @param shutdownGrace    from SIGTERM to SIGKILL: how long a worker may drain, at shutdown or when it
 *                         is killed for a timeout
 * @param maxAttempts      how many times one job may crash its worker before it is dead-lettered
 * @param historySize      how many lifecycle entries are kept per slot
 */
public record SupervisorPolicy(RestartPolicy restart, Duration heartbeatTimeout, Duration startTimeout,
                               Duration jobTimeout, Duration shutdownGrace, int maxAttempts, int historySize) {

    public SupervisorPolicy {
        Require.notNull("restartPolicy", restart);
        Require.positive("heartbeatTimeout", heartbeatTimeout);
        Require.positive("startTimeout", startTimeout);
        Require.notNegative("jobTimeout", jobTimeout);
        Require.notNegative("shutdownGrace", shutdownGrace);
        Require.between("maxAttempts", maxAttempts, 1, 100);
        Require.between("historySize", historySize, 1, 10_000);
    }

    /**
     * {@link RestartPolicy#ofDefaults()}; heartbeat timeout 3 s (six missed beats at the default
     * 500 ms interval); start timeout 30 s; no job timeout; 5 s from SIGTERM to SIGKILL; 3 crashes
     * per job; 20 history entries per slot.
     */
    public static SupervisorPolicy ofDefaults() {
        return new SupervisorPolicy(RestartPolicy.ofDefaults(), Duration.ofSeconds(3), Duration.ofSeconds(30),
                Duration.ZERO, Duration.ofSeconds(5), 3, 20);
    }

    public SupervisorPolicy withRestart(RestartPolicy value) {
        return new SupervisorPolicy(value, heartbeatTimeout, startTimeout, jobTimeout, shutdownGrace, maxAttempts,
                historySize);
    }

    public SupervisorPolicy withHeartbeatTimeout(Duration value) {
        return new SupervisorPolicy(restart, value, startTimeout, jobTimeout, shutdownGrace, maxAttempts, historySize);
    }

    public SupervisorPolicy withStartTimeout(Duration value) {
        return new SupervisorPolicy(restart, heartbeatTimeout, value, jobTimeout, shutdownGrace, maxAttempts, historySize);
    }

    public SupervisorPolicy withJobTimeout(Duration value) {
        return new SupervisorPolicy(restart, heartbeatTimeout, startTimeout, value, shutdownGrace, maxAttempts, historySize);
    }

    public SupervisorPolicy withShutdownGrace(Duration value) {
        return new SupervisorPolicy(restart, heartbeatTimeout, startTimeout, jobTimeout, value, maxAttempts, historySize);
    }

    public SupervisorPolicy withMaxAttempts(int value) {
        return new SupervisorPolicy(restart, heartbeatTimeout, startTimeout, jobTimeout, shutdownGrace, value, historySize);
    }

    public SupervisorPolicy withHistorySize(int value) {
        return new SupervisorPolicy(restart, heartbeatTimeout, startTimeout, jobTimeout, shutdownGrace, maxAttempts, value);
    }

    /** The same policy with another backoff. */
    public SupervisorPolicy withBackoff(Backoff value) {
        return withRestart(restart.withBackoff(value));
    }

    /** Whether jobs have a time limit. */
    public boolean limitsJobs() {
        return !jobTimeout.isZero();
    }
}
