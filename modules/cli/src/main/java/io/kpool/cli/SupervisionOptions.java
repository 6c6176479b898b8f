package io.kpool.cli;

import io.kpool.core.config.ConfigException;
import io.kpool.core.config.Durations;
import io.kpool.core.supervision.Backoff;
import io.kpool.core.supervision.OnLimit;
import io.kpool.core.supervision.RestartPolicy;
import io.kpool.core.supervision.RestartType;
import io.kpool.core.supervision.Strategy;
import io.kpool.core.supervision.SupervisorPolicy;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/** How a supervisor treats its workers: used by {@code supervisor} and passed on by {@code up}. */
final class SupervisionOptions {

    @Option(names = "--strategy", paramLabel = "STRATEGY",
            description = "one_for_one (restart the crashed worker), one_for_all (restart every worker), "
                    + "rest_for_one (restart the crashed worker and those started after it) (default: ${DEFAULT-VALUE}).")
    String strategy;

    @Option(names = "--restart", paramLabel = "TYPE",
            description = "permanent (always restart), transient (only after an abnormal end), temporary (never) "
                    + "(default: ${DEFAULT-VALUE}).")
    String restartType;

    @Option(names = "--max-restarts", paramLabel = "R",
            description = "Restart intensity: at most R restarts within --within, else --on-limit "
                    + "(default: ${DEFAULT-VALUE}).")
    int maxRestarts;

    @Option(names = "--within", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "The window of --max-restarts (default: ${DEFAULT-VALUE}).")
    Duration within;

    @Option(names = "--on-limit", paramLabel = "ACTION",
            description = "Past the intensity: escalate (stop every worker, exit 4 for whatever runs the "
                    + "supervisor to act; counts all restarts) or quarantine (park the worker; counts per worker) "
                    + "(default: ${DEFAULT-VALUE}).")
    String onLimit;

    @Option(names = "--job-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "A worker whose job runs longer is killed and restarted; 0 for no limit "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration jobTimeout;

    @Option(names = "--spares", paramLabel = "K", defaultValue = "0",
            description = "Warm worker processes kept ready: a crashed slot is taken over by a spare at once "
                    + "instead of waiting for a JVM to start (default: ${DEFAULT-VALUE}).")
    int spares;

    @Option(names = "--handler", paramLabel = "NAME",
            description = "Job handler the workers run for jobs that name none: double (n -> 2n, crashes on n < 0), "
                    + "sleep (sleeps n ms), one on the class path, a name from --handlers-file, or exec:<command> for a "
                    + "handler in any language, run as a child process of each worker (default: ${DEFAULT-VALUE}).")
    String handler;

    @Option(names = "--concurrency", paramLabel = "N",
            description = "Most jobs each worker runs at once, each on a thread of its own when above 1: for jobs "
                    + "that wait (I/O, calls to other services). A Java handler is then called from N threads at "
                    + "once; a process handler still takes one job at a time (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--handlers-file", paramLabel = "FILE",
            description = "Named handlers, so that one pool serves several: a properties file of NAME = "
                    + "exec:<command> or NAME = <a Java handler's name>; a job selects one with \"handler\": \"NAME\" "
                    + "(default: none).")
    java.nio.file.Path handlersFile;

    @Option(names = "--heartbeat-interval", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How often each worker heartbeats (default: ${DEFAULT-VALUE}).")
    Duration heartbeatInterval;

    @Option(names = "--heartbeat-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Heartbeat silence after which a worker is killed and restarted (default: ${DEFAULT-VALUE}).")
    Duration heartbeatTimeout;

    @Option(names = "--start-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long a new worker may take to send its first heartbeat (default: ${DEFAULT-VALUE}).")
    Duration startTimeout;

    @Option(names = "--shutdown-grace", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "On shutdown, how long workers may drain before SIGKILL (default: ${DEFAULT-VALUE}).")
    Duration shutdownGrace;

    @Option(names = "--backoff", paramLabel = "MIN,MAX",
            description = "Wait before restarting a worker that keeps crashing: doubles from MIN to MAX; "
                    + "the first crash after a stable run restarts at once (default: ${DEFAULT-VALUE}).")
    String backoff;

    @Option(names = "--max-attempts", paramLabel = "N",
            description = "Crashes one job may cause before it is dead-lettered (default: ${DEFAULT-VALUE}).")
    int maxAttempts;

    @Option(names = "--history", paramLabel = "N",
            description = "Lifecycle entries kept per worker (default: ${DEFAULT-VALUE}).")
    int history;

    SupervisorPolicy policy() {
        RestartPolicy restart = RestartPolicy.ofDefaults()
                .withStrategy(Strategy.named("--strategy", strategy))
                .withRestart(RestartType.named("--restart", restartType))
                .withIntensity(maxRestarts, within)
                .withOnLimit(OnLimit.named("--on-limit", onLimit));
        return SupervisorPolicy.ofDefaults()
                .withRestart(restart.withBackoff(parseBackoff(restart.backoff())))
                .withHeartbeatTimeout(heartbeatTimeout)
                .withStartTimeout(startTimeout)
                .withJobTimeout(jobTimeout)
                .withShutdownGrace(shutdownGrace)
                .withMaxAttempts(maxAttempts)
                .withHistorySize(history);
    }

    private Backoff parseBackoff(Backoff base) {
        String[] parts = backoff.split(",");
        if (parts.length != 2) {
            throw new ConfigException("--backoff", "needs MIN,MAX such as 100ms,10s, but was '" + backoff + "'");
        }
        return base.withRange(Durations.parse("--backoff", parts[0]), Durations.parse("--backoff", parts[1]));
    }

    List<String> asArgs() {
        List<String> args = new java.util.ArrayList<>(List.of("--spares", String.valueOf(spares), "--strategy", strategy, "--restart", restartType,
                "--max-restarts", String.valueOf(maxRestarts), "--within", Durations.format(within),
                "--on-limit", onLimit, "--job-timeout", Durations.format(jobTimeout),
                "--handler", handler,
                "--concurrency", String.valueOf(concurrency),
                "--heartbeat-interval", Durations.format(heartbeatInterval),
                "--heartbeat-timeout", Durations.format(heartbeatTimeout),
                "--start-timeout", Durations.format(startTimeout),
                "--shutdown-grace", Durations.format(shutdownGrace),
                "--backoff", backoff,
                "--max-attempts", String.valueOf(maxAttempts),
                "--history", String.valueOf(history)));
        if (handlersFile != null) {
            args.addAll(List.of("--handlers-file", handlersFile.toAbsolutePath().toString()));
        }
        return args;
    }

    /** The handlers file's catalog, checked. */
    io.kpool.core.handler.HandlerCatalog handlers() {
        return io.kpool.core.handler.HandlerCatalog.load(handlersFile);
    }
}
