package io.kpool.cli;

import io.kpool.observe.OpsServer;
import io.kpool.observe.Probe;
import io.kpool.observe.RoleMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** How a long-running role process fits into what runs it: shared by {@code dispatcher} and {@code supervisor}. */
final class RoleOptions {

    static final String PARENT_PID = "--parent-pid";
    static final String HEALTH_FILE = "--health-file";
    static final String HTTP_PORT = "--http-port";

    private static final Logger log = LoggerFactory.getLogger(RoleOptions.class);

    @Option(names = PARENT_PID, paramLabel = "PID", defaultValue = "0",
            description = "Exit when this process exits (kpool up passes its own pid).")
    long parentPid;

    @Option(names = HEALTH_FILE, paramLabel = "FILE",
            description = "Touch FILE every second while the role's loop runs, for liveness probes that can only "
                    + "look at files (HTTP probes: --http-port).")
    Path healthFile;

    @Option(names = HTTP_PORT, paramLabel = "PORT",
            description = "Serve /metrics (Prometheus), /healthz and /readyz on this port, on every interface; "
                    + "0 for any free port (default: none).")
    Integer httpPort;

    /** Where a role's metrics go: a registry tagged with the role and the pool. */
    static PrometheusMeterRegistry registry(String role, KafkaOptions kafka) {
        return RoleMetrics.create(role, kafka.settings().topics().prefix());
    }

    /** Starts the role's HTTP port when {@code --http-port} asks for one; null otherwise. */
    OpsServer serve(String role, PrometheusMeterRegistry registry, Probe health, Probe ready) {
        if (httpPort == null) {
            return null;
        }
        if (httpPort < 0 || httpPort > 65535) {
            throw new io.kpool.core.config.ConfigException("--http-port", "must be between 0 and 65535, but was " + httpPort);
        }
        OpsServer server = OpsServer.start(new InetSocketAddress(httpPort), registry, health, ready);
        log.info("{} serves /metrics, /healthz and /readyz on port {}", role, server.port());
        return server;
    }
}
