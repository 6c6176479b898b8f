package io.kpool.observe;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A role's HTTP port: {@code /metrics} (Prometheus' text format), {@code /healthz} (200 while the
 * main loop turns) and {@code /readyz} (200 once the role is ready), each probe answering with one
 * line that says why. Other handlers (the dashboard) can be mounted on {@link #http()}. Requests
 * are served by two threads of its own, never by a role's main loop.
 */
public final class OpsServer implements AutoCloseable {

    private static final String TEXT = "text/plain; charset=utf-8";

    private final HttpServer http;
    private final ExecutorService threads;

    private OpsServer(HttpServer http, ExecutorService threads) {
        this.http = http;
        this.threads = threads;
    }

    /**
     * Starts serving.
     *
     * @param at       where to listen; port 0 takes a free one ({@link #port()} tells which)
     * @param registry the role's metrics
     * @param health   {@code /healthz}
     * @param ready    {@code /readyz}
     * @throws IllegalStateException when the port is taken, naming it
     */
    public static OpsServer start(InetSocketAddress at, PrometheusMeterRegistry registry, Probe health, Probe ready) {
        HttpServer http;
        try {
            http = HttpServer.create(at, 16);
        } catch (BindException e) {
            throw new IllegalStateException("--http-port " + at.getPort() + " is taken on " + at.getHostString()
                    + " (another kpool role or program listens there): choose another, or 0 for any free port", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + at, e);
        }
        ExecutorService threads = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "kpool-http");
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(threads);
        http.createContext("/metrics", only("/metrics", exchange ->
                send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape())));
        http.createContext("/healthz", only("/healthz", probe(health)));
        http.createContext("/readyz", only("/readyz", probe(ready)));
        http.start();
        return new OpsServer(http, threads);
    }

    /** The port it listens on. */
    public int port() {
        return http.getAddress().getPort();
    }

    /** The server itself, to mount more handlers on. */
    public HttpServer http() {
        return http;
    }

    @Override
    public void close() {
        http.stop(0);
        threads.shutdownNow();
    }

    private static HttpHandler probe(Probe probe) {
        return exchange -> {
            Probe.Answer answer;
            try {
                answer = probe.check();
            } catch (RuntimeException e) {
                answer = Probe.Answer.failing("the check failed: " + e);
            }
            send(exchange, answer.ok() ? 200 : 503, TEXT, (answer.ok() ? "ok: " : "failing: ") + answer.detail() + "\n");
        };
    }

    /** A context matches every path under it: answer 404 for anything but the path itself. */
    private static HttpHandler only(String path, HttpHandler handler) {
        return exchange -> {
            try (exchange) {
                if (!exchange.getRequestURI().getPath().equals(path)) {
                    send(exchange, 404, TEXT, "no such page: " + exchange.getRequestURI().getPath() + "\n");
                } else if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
                    exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                    send(exchange, 405, TEXT, exchange.getRequestMethod() + " is not allowed here: GET it\n");
                } else {
                    handler.handle(exchange);
                }
            }
        };
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
