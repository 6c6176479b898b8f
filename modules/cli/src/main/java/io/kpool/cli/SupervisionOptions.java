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
import picocli.CommandLine.Option;

/** How a supervisor treats its workers: used by {@code supervisor} and passed on by {@code up}. */
final class SupervisionOptions {

    static final String STRATEGY = "--strategy";
    static final String RESTART = "--restart";
    static final String MAX_RESTARTS = "--max-restarts";
    static final String WITHIN = "--within";
    static final String ON_LIMIT = "--on-limit";
    static final String JOB_TIMEOUT = "--job-timeout";
    static final String SPARES = "--spares";
    static final String HANDLER = "--handler";
    static final String CONCURRENCY = "--concurrency";
    static final String HANDLERS_FILE = "--handlers-file";
    static final String HEARTBEAT_INTERVAL = "--heartbeat-interval";
    static final String HEARTBEAT_TIMEOUT = "--heartbeat-timeout";
    static final String START_TIMEOUT = "--start-timeout";
    static final String SHUTDOWN_GRACE = "--shutdown-grace";
    static final String BACKOFF = "--backoff";
    static final String MAX_ATTEMPTS = "--max-attempts";
    static final String HISTORY = "--history";

    @Option(names = STRATEGY, paramLabel = "STRATEGY",
            description = "one_for_one (restart the crashed worker), one_for_all (restart every worker), "
                    + "rest_for_one (restart the crashed worker and those started after it) (default: ${DEFAULT-VALUE}).")
    String strategy;

    @Option(names = RESTART, paramLabel = "TYPE",
            description = "permanent (always restart), transient (only after an abnormal end), temporary (never) "
                    + "(default: ${DEFAULT-VALUE}).")
    String restartType;

    @Option(names = MAX_RESTARTS, paramLabel = "R",
            description = "Restart intensity: at most R restarts within --within, else --on-limit "
                    + "(default: ${DEFAULT-VALUE}).")
    int maxRestarts;

    @Option(names = WITHIN, paramLabel = "DURATION", converter = DurationConverter.class,
            description = "The window of --max-restarts (default: ${DEFAULT-VALUE}).")
    Duration within;

    @Option(names = ON_LIMIT, paramLabel = "ACTION",
            description = "Past the intensity: escalate (stop every worker, exit 4 for whatever runs the "
                    + "supervisor to act; counts all restarts) or quarantine (park the worker; counts per worker) "
                    + "(default: ${DEFAULT-VALUE}).")
    String onLimit;

    @Option(names = JOB_TIMEOUT, paramLabel = "DURATION", converter = DurationConverter.class,
            description = "A worker whose job runs longer is killed and restarted; 0 for no limit "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration jobTimeout;

    @Option(names = SPARES, paramLabel = "K", defaultValue = "0",
            description = "Warm worker processes kept ready: a crashed slot is taken over by a spare at once "
                    + "instead of waiting for a JVM to start (default: ${DEFAULT-VALUE}).")
    int spares;

    @Option(names = HANDLER, paramLabel = "NAME",
            description = "Job handler the workers run for jobs that name none: double (n -> 2n, crashes on n < 0), "
                    + "sleep (sleeps n ms), one on the class path, a name from --handlers-file, or exec:<command> for a "
                    + "handler in any language, run as a child process of each worker (default: ${DEFAULT-VALUE}).")
    String handler;

    @Option(names = CONCURRENCY, paramLabel = "N",
            description = "Most jobs each worker runs at once, each on a thread of its own when above 1: for jobs "
                    + "that wait (I/O, calls to other services). A Java handler is then called from N threads at "
                    + "once; a process handler still takes one job at a time (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = HANDLERS_FILE, paramLabel = "FILE",
            description = "Named handlers, so that one pool serves several: a properties file of NAME = "
                    + "exec:<command> or NAME = <a Java handler's name>; a job selects one with \"handler\": \"NAME\" "
                    + "(default: none).")
    java.nio.file.Path handlersFile;

    @Option(names = HEARTBEAT_INTERVAL, paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How often each worker heartbeats (default: ${DEFAULT-VALUE}).")
    Duration heartbeatInterval;

    @Option(names = HEARTBEAT_TIMEOUT, paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Heartbeat silence after which a worker is killed and restarted (default: ${DEFAULT-VALUE}).")
    Duration heartbeatTimeout;

    @Option(names = START_TIMEOUT, paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long a new worker may take to send its first heartbeat (default: ${DEFAULT-VALUE}).")
    Duration startTimeout;

    @Option(names = SHUTDOWN_GRACE, paramLabel = "DURATION", converter = DurationConverter.class,
            description = "On shutdown, how long workers may drain before SIGKILL (default: ${DEFAULT-VALUE}).")
    Duration shutdownGrace;

    @Option(names = BACKOFF, paramLabel = "MIN,MAX",
            description = "Wait before restarting a worker that keeps crashing: doubles from MIN to MAX; "
                    + "the first crash after a stable run restarts at once (default: ${DEFAULT-VALUE}).")
    String backoff;

    @Option(names = MAX_ATTEMPTS, paramLabel = "N",
            description = "Crashes one job may cause before it is dead-lettered (default: ${DEFAULT-VALUE}).")
    int maxAttempts;

    @Option(names = HISTORY, paramLabel = "N",
            description = "Lifecycle entries kept per worker (default: ${DEFAULT-VALUE}).")
    int history;

    /** The options, checked: what this supervisor is to do, or what {@code up} passes on to the one it starts. */
    SupervisionLaunch launch() {
        RestartPolicy restart = RestartPolicy.ofDefaults()
                .withStrategy(Strategy.named(STRATEGY, strategy))
                .withRestart(RestartType.named(RESTART, restartType))
                .withIntensity(maxRestarts, within)
                .withOnLimit(OnLimit.named(ON_LIMIT, onLimit));
        SupervisorPolicy policy = SupervisorPolicy.ofDefaults()
                .withRestart(restart.withBackoff(parseBackoff(restart.backoff())))
                .withHeartbeatTimeout(heartbeatTimeout)
                .withStartTimeout(startTimeout)
                .withJobTimeout(jobTimeout)
                .withShutdownGrace(shutdownGrace)
                .withMaxAttempts(maxAttempts)
                .withHistorySize(history);
        return new SupervisionLaunch(policy, spares, handler, handlersFile, concurrency, heartbeatInterval);
    }

    private Backoff parseBackoff(Backoff base) {
        String[] parts = backoff.split(",");
        if (parts.length != 2) {
            throw new ConfigException(BACKOFF, "needs MIN,MAX such as 100ms,10s, but was '" + backoff + "'");
        }
        return base.withRange(Durations.parse(BACKOFF, parts[0]), Durations.parse(BACKOFF, parts[1]));
    }

    /** The handlers file's catalog, checked. */
    io.kpool.core.handler.HandlerCatalog handlers() {
        return io.kpool.core.handler.HandlerCatalog.load(handlersFile);
    }
}
