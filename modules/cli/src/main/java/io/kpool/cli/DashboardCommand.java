package io.kpool.cli;

import com.sun.net.httpserver.HttpServer;
import io.kpool.core.config.ConfigException;
import io.kpool.core.config.Require;
import io.kpool.dashboard.Dashboard;
import io.kpool.transport.KafkaSettings;
import io.kpool.transport.local.ProcessLifecycle;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kpool dashboard}: the pool as a live web page. */
@Command(name = "dashboard", mixinStandardHelpOptions = true,
        description = {"Serve a live web dashboard of the pool: the supervision tree (each worker's state, pid, "
                + "incarnation, restarts within the intensity window, heartbeat, jobs in flight), throughput and "
                + "latency over the last 5 minutes, the events and the dead letters with their evidence. One page, "
                + "updated over Server-Sent Events; everything is served by kpool (no internet needed). Ctrl-C to stop."})
final class DashboardCommand implements Callable<Integer> {

    /** The port when none is given: clear of Kafka's 9092-9093 and the usual 8080. */
    static final int DEFAULT_PORT = 8090;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "" + DEFAULT_PORT,
            description = "The port to serve the dashboard on; 0 for any free one (default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--http-host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "The address to listen on: 127.0.0.1 serves this machine only, 0.0.0.0 every interface "
                    + "(the page shows job ids, dead letters' payloads and workers' error output) "
                    + "(default: ${DEFAULT-VALUE}).")
    String httpHost;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        Require.between("--http-port", httpPort, 0, 65_535);
        Require.notBlank("--http-host", httpHost);
        HttpServer server = bind();
        AtomicInteger threads = new AtomicInteger();
        ExecutorService http = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "kpool-dashboard-http-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            KafkaSettings settings = kafka.reachable();
            try (Dashboard dashboard = Dashboard.start(settings)) {
                dashboard.mount(server);
                server.setExecutor(http);
                server.start();
                CountDownLatch stop = new CountDownLatch(1);
                ProcessLifecycle.onTermination(stop::countDown, 0);
                PrintWriter out = spec.commandLine().getOut();
                out.println("kpool dashboard: " + url(server.getAddress()) + "  (pool " + settings.topics().prefix()
                        + " on Kafka at " + settings.bootstrap() + "; Ctrl-C to stop)");
                out.flush();
                stop.await();
            }
        } finally {
            server.stop(0);
            http.shutdownNow();
        }
        return 0;
    }

    /** The port first, so a port in use is said before Kafka is waited for. */
    private HttpServer bind() {
        InetSocketAddress address = new InetSocketAddress(httpHost, httpPort);
        if (address.isUnresolved()) {
            throw new ConfigException("--http-host", "must be an address of this machine, but '" + httpHost
                    + "' does not resolve");
        }
        try {
            return HttpServer.create(address, 0);
        } catch (BindException e) {
            throw new ConfigException("--http-port", "cannot be served on " + httpHost + ":" + httpPort + ": "
                    + e.getMessage() + " (another process has the port? pick another, or 0 for any free one)");
        } catch (IOException e) {
            throw new ConfigException("--http-host", "cannot be listened on, " + httpHost + ":" + httpPort + ": "
                    + e.getMessage());
        }
    }

    /** What to open in a browser: a wildcard address is reached at localhost. */
    static String url(InetSocketAddress address) {
        String host = address.getAddress().isAnyLocalAddress() ? "localhost" : address.getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + address.getPort() + "/";
    }
}
