package io.kpool.cli;

import io.kpool.core.config.Durations;
import io.kpool.core.supervision.Backoff;
import io.kpool.core.supervision.RestartPolicy;
import io.kpool.core.supervision.SupervisorPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How a supervisor treats its workers, checked once and typed: what {@code kpool supervisor} reads
 * from {@link SupervisionOptions#launch()}, and what {@code kpool up} hands to the supervisor it
 * starts as {@link #arguments()}, which {@link SupervisionOptions} reads back by the same flags.
 *
 * @param policy            strategy, restart type, intensity, backoff, timeouts, attempts, history
 * @param spares            warm worker processes kept ready
 * @param handler           the job handler of tasks that name none
 * @param handlersFile      the named handlers, or null for none
 * @param concurrency       the most jobs each worker runs at once
 * @param heartbeatInterval how often each worker heartbeats
 */
record SupervisionLaunch(SupervisorPolicy policy, int spares, String handler, Path handlersFile, int concurrency,
                         Duration heartbeatInterval) {

    /**
     * The supervisor's arguments that say this; a handlers file by its absolute path.
     *
     * @throws IllegalArgumentException for a policy no flag can say (a backoff's reset or jitter, a
     *         slot's own restart type)
     */
    List<String> arguments() {
        RestartPolicy restart = policy.restart();
        Backoff backoff = restart.backoff();
        Backoff flagged = Backoff.ofDefaults().withRange(backoff.min(), backoff.max());
        if (!backoff.equals(flagged) || !restart.restartBySlot().isEmpty()) {
            throw new IllegalArgumentException("a supervisor's command line cannot carry " + restart);
        }
        List<String> args = new ArrayList<>(List.of(
                SupervisionOptions.SPARES, String.valueOf(spares),
                SupervisionOptions.STRATEGY, restart.strategy().wireName(),
                SupervisionOptions.RESTART, restart.restart().wireName(),
                SupervisionOptions.MAX_RESTARTS, String.valueOf(restart.maxRestarts()),
                SupervisionOptions.WITHIN, Durations.format(restart.within()),
                SupervisionOptions.ON_LIMIT, restart.onLimit().wireName(),
                SupervisionOptions.JOB_TIMEOUT, Durations.format(policy.jobTimeout()),
                SupervisionOptions.HANDLER, handler,
                SupervisionOptions.CONCURRENCY, String.valueOf(concurrency),
                SupervisionOptions.HEARTBEAT_INTERVAL, Durations.format(heartbeatInterval),
                SupervisionOptions.HEARTBEAT_TIMEOUT, Durations.format(policy.heartbeatTimeout()),
                SupervisionOptions.START_TIMEOUT, Durations.format(policy.startTimeout()),
                SupervisionOptions.SHUTDOWN_GRACE, Durations.format(policy.shutdownGrace()),
                SupervisionOptions.BACKOFF, Durations.format(backoff.min()) + "," + Durations.format(backoff.max()),
                SupervisionOptions.MAX_ATTEMPTS, String.valueOf(policy.maxAttempts()),
                SupervisionOptions.HISTORY, String.valueOf(policy.historySize())));
        if (handlersFile != null) {
            args.addAll(List.of(SupervisionOptions.HANDLERS_FILE, handlersFile.toAbsolutePath().toString()));
        }
        return args;
    }
}
