package io.kpool.cli;

import io.kpool.core.config.Durations;
import io.kpool.core.dispatch.RoundRobin;
import io.kpool.core.handler.Doubler;
import io.kpool.core.intake.IntakeLimits;
import io.kpool.core.supervision.RestartPolicy;
import io.kpool.core.supervision.SupervisorPolicy;
import java.util.Map;

/**
 * The default of each tunable option, read from the immutable defaults of the settings it feeds
 * ({@link SupervisorPolicy#ofDefaults()}, {@link IntakeLimits#ofDefaults()}, ...), so a default is
 * written in one place and the help shows it.
 */
final class OptionDefaults {

    /** How often workers heartbeat. */
    static final String HEARTBEAT_INTERVAL = "500ms";
    /** How long a job id turns away a re-submission. */
    static final String DEDUPE_WINDOW = "10m";
    /** The most tasks a worker commits in one transaction. */
    static final String BATCH_SIZE = "1000";
    /** The longest a worker's transaction stays open while tasks flow. */
    static final String COMMIT_INTERVAL = "10ms";
    /** The most tasks a worker runs at once. */
    static final String CONCURRENCY = "1";

    private OptionDefaults() {
    }

    static Map<String, String> table() {
        SupervisorPolicy policy = SupervisorPolicy.ofDefaults();
        IntakeLimits limits = IntakeLimits.ofDefaults();
        RestartPolicy restart = policy.restart();
        return Map.ofEntries(
                Map.entry("--strategy", restart.strategy().wireName()),
                Map.entry("--restart", restart.restart().wireName()),
                Map.entry("--max-restarts", String.valueOf(restart.maxRestarts())),
                Map.entry("--within", Durations.format(restart.within())),
                Map.entry("--on-limit", restart.onLimit().wireName()),
                Map.entry("--job-timeout", Durations.format(policy.jobTimeout())),
                Map.entry("--heartbeat-interval", HEARTBEAT_INTERVAL),
                Map.entry("--heartbeat-timeout", Durations.format(policy.heartbeatTimeout())),
                Map.entry("--start-timeout", Durations.format(policy.startTimeout())),
                Map.entry("--shutdown-grace", Durations.format(policy.shutdownGrace())),
                Map.entry("--backoff", Durations.format(restart.backoff().min()) + ","
                        + Durations.format(restart.backoff().max())),
                Map.entry("--max-attempts", String.valueOf(policy.maxAttempts())),
                Map.entry("--history", String.valueOf(policy.historySize())),
                Map.entry("--handler", Doubler.NAME),
                Map.entry("--dispatch", RoundRobin.NAME),
                Map.entry("--max-job-bytes", String.valueOf(limits.maxJobBytes())),
                Map.entry("--max-id-length", String.valueOf(limits.maxIdLength())),
                Map.entry("--dedupe-window", DEDUPE_WINDOW),
                Map.entry("--batch-size", BATCH_SIZE),
                Map.entry("--commit-interval", COMMIT_INTERVAL),
                Map.entry("--concurrency", CONCURRENCY));
    }
}
