package io.kpool.cli;

import io.kpool.core.config.ConfigException;
import io.kpool.core.config.Durations;
import io.kpool.core.supervision.Backoff;
import io.kpool.core.supervision.SupervisorPolicy;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/** How a supervisor treats its workers: used by {@code supervisor} and passed on by {@code up}. */
final class SupervisionOptions {

    @Option(names = "--handler", paramLabel = "NAME",
            description = "Job handler the workers run: double (n -> 2n, crashes on n < 0), sleep (sleeps n ms), "
                    + "or one on the class path (default: ${DEFAULT-VALUE}).")
    String handler;

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
        Backoff base = SupervisorPolicy.ofDefaults().backoff();
        return SupervisorPolicy.ofDefaults()
                .withHeartbeatTimeout(heartbeatTimeout)
                .withStartTimeout(startTimeout)
                .withShutdownGrace(shutdownGrace)
                .withMaxAttempts(maxAttempts)
                .withHistorySize(history)
                .withBackoff(parseBackoff(base));
    }

    private Backoff parseBackoff(Backoff base) {
        String[] parts = backoff.split(",");
        if (parts.length != 2) {
            throw new ConfigException("--backoff", "needs MIN,MAX such as 100ms,10s, but was '" + backoff + "'");
        }
        return base.withRange(Durations.parse("--backoff", parts[0]), Durations.parse("--backoff", parts[1]));
    }

    List<String> asArgs() {
        return List.of("--handler", handler,
                "--heartbeat-interval", Durations.format(heartbeatInterval),
                "--heartbeat-timeout", Durations.format(heartbeatTimeout),
                "--start-timeout", Durations.format(startTimeout),
                "--shutdown-grace", Durations.format(shutdownGrace),
                "--backoff", backoff,
                "--max-attempts", String.valueOf(maxAttempts),
                "--history", String.valueOf(history));
    }
}
