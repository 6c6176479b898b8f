package io.kpool.core.supervision;

import io.kpool.core.config.Require;
import java.time.Duration;

/**
 * How a supervisor treats its workers; an immutable value, built from {@link #ofDefaults()} and
 * the {@code with...} methods.
 *
 * @param heartbeatTimeout heartbeat silence after which a running worker is killed and restarted
 * @param startTimeout     how long a new worker may take to send its first heartbeat
 * @param hangKillGrace    after SIGTERM to a worker that stopped answering, how long before SIGKILL
 * @param shutdownGrace    on shutdown, how long workers may take to drain before SIGKILL
 * @param maxAttempts      how many times one job may crash its worker before it is dead-lettered
 * @param historySize      how many lifecycle entries are kept per slot
 * @param backoff          the wait between restarts of a slot that keeps crashing
 */
public record SupervisorPolicy(Duration heartbeatTimeout, Duration startTimeout, Duration hangKillGrace,
                               Duration shutdownGrace, int maxAttempts, int historySize, Backoff backoff) {

    public SupervisorPolicy {
        Require.positive("--heartbeat-timeout", heartbeatTimeout);
        Require.positive("--start-timeout", startTimeout);
        Require.notNegative("hang kill grace", hangKillGrace);
        Require.notNegative("--shutdown-grace", shutdownGrace);
        Require.between("--max-attempts", maxAttempts, 1, 100);
        Require.between("--history", historySize, 1, 10_000);
        Require.notNull("--backoff", backoff);
    }

    /**
     * Heartbeat timeout 3 s (six missed beats at the default 500 ms interval), start timeout 30 s,
     * 1 s from SIGTERM to SIGKILL for a hung worker, 10 s to drain on shutdown, 3 crashes per job,
     * 20 history entries per slot, {@link Backoff#ofDefaults()}.
     */
    public static SupervisorPolicy ofDefaults() {
        return new SupervisorPolicy(Duration.ofSeconds(3), Duration.ofSeconds(30), Duration.ofSeconds(1),
                Duration.ofSeconds(10), 3, 20, Backoff.ofDefaults());
    }

    public SupervisorPolicy withHeartbeatTimeout(Duration value) {
        return new SupervisorPolicy(value, startTimeout, hangKillGrace, shutdownGrace, maxAttempts, historySize, backoff);
    }

    public SupervisorPolicy withStartTimeout(Duration value) {
        return new SupervisorPolicy(heartbeatTimeout, value, hangKillGrace, shutdownGrace, maxAttempts, historySize, backoff);
    }

    public SupervisorPolicy withShutdownGrace(Duration value) {
        return new SupervisorPolicy(heartbeatTimeout, startTimeout, hangKillGrace, value, maxAttempts, historySize, backoff);
    }

    public SupervisorPolicy withMaxAttempts(int value) {
        return new SupervisorPolicy(heartbeatTimeout, startTimeout, hangKillGrace, shutdownGrace, value, historySize, backoff);
    }

    public SupervisorPolicy withHistorySize(int value) {
        return new SupervisorPolicy(heartbeatTimeout, startTimeout, hangKillGrace, shutdownGrace, maxAttempts, value, backoff);
    }

    public SupervisorPolicy withBackoff(Backoff value) {
        return new SupervisorPolicy(heartbeatTimeout, startTimeout, hangKillGrace, shutdownGrace, maxAttempts, historySize, value);
    }
}
