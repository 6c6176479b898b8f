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
 * written in one place and the help shows it. Keyed by the flag constants the options are declared
 * with, so a renamed flag keeps its default.
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
                Map.entry(SupervisionOptions.STRATEGY, restart.strategy().wireName()),
                Map.entry(SupervisionOptions.RESTART, restart.restart().wireName()),
                Map.entry(SupervisionOptions.MAX_RESTARTS, String.valueOf(restart.maxRestarts())),
                Map.entry(SupervisionOptions.WITHIN, Durations.format(restart.within())),
                Map.entry(SupervisionOptions.ON_LIMIT, restart.onLimit().wireName()),
                Map.entry(SupervisionOptions.JOB_TIMEOUT, Durations.format(policy.jobTimeout())),
                Map.entry(SupervisionOptions.HEARTBEAT_INTERVAL, HEARTBEAT_INTERVAL),
                Map.entry(SupervisionOptions.HEARTBEAT_TIMEOUT, Durations.format(policy.heartbeatTimeout())),
                Map.entry(SupervisionOptions.START_TIMEOUT, Durations.format(policy.startTimeout())),
                Map.entry(SupervisionOptions.SHUTDOWN_GRACE, Durations.format(policy.shutdownGrace())),
                Map.entry(SupervisionOptions.BACKOFF, Durations.format(restart.backoff().min()) + ","
                        + Durations.format(restart.backoff().max())),
                Map.entry(SupervisionOptions.MAX_ATTEMPTS, String.valueOf(policy.maxAttempts())),
                Map.entry(SupervisionOptions.HISTORY, String.valueOf(policy.historySize())),
                Map.entry(SupervisionOptions.HANDLER, Doubler.NAME),
                Map.entry(DispatchOptions.DISPATCH, RoundRobin.NAME),
                Map.entry(DispatchOptions.MAX_JOB_BYTES, String.valueOf(limits.maxJobBytes())),
                Map.entry(DispatchOptions.MAX_ID_LENGTH, String.valueOf(limits.maxIdLength())),
                Map.entry(DispatchOptions.DEDUPE_WINDOW, DEDUPE_WINDOW),
                Map.entry(RunWorker.BATCH_SIZE, BATCH_SIZE),
                Map.entry(RunWorker.COMMIT_INTERVAL, COMMIT_INTERVAL),
                Map.entry(SupervisionOptions.CONCURRENCY, CONCURRENCY));
    }
}
