package io.kpool.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.kpool.dashboard.view.PoolSnapshot;
import io.kpool.protocol.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The dashboard's paths: {@code /} (the page; anything else under {@code /} not claimed by another
 * context is 404), {@code /dashboard/} (the page too), {@code /dashboard/<asset>},
 * {@code /dashboard/events} (the live stream, Server-Sent Events) and {@code /dashboard/snapshot} (the
 * current view as one JSON document, for scripts). A handler returns at once: a page's stream is
 * written by a thread of its own, so the server's threads are never held by a page.
 */
final class Routes implements HttpHandler {

    /** The paths' common prefix, clear of {@code /metrics}, {@code /healthz} and {@code /readyz}. */
    static final String BASE = "/dashboard/";

    /** No script, style or image from anywhere but this server; nothing inline. */
    private static final String POLICY = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'";

    private final Assets assets;
    private final Board board;

    Routes(Assets assets, Board board) {
        this.assets = assets;
        this.board = board;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        if (path.equals(BASE + "events") && method.equals("GET")) {
            stream(exchange);
            return;
        }
        try (exchange) {
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, "text/plain; charset=utf-8", "only GET and HEAD\n".getBytes(StandardCharsets.UTF_8));
            } else if (path.equals("/") || path.equals(BASE) || path.equals("/dashboard")) {
                send(exchange, 200, assets.page().contentType(), assets.page().bytes());
            } else if (path.equals(BASE + "snapshot")) {
                PoolSnapshot snapshot = board.latest();
                if (snapshot == null) {
                    send(exchange, 503, "text/plain; charset=utf-8", "no view yet\n".getBytes(StandardCharsets.UTF_8));
                } else {
                    send(exchange, 200, "application/json", Json.encode(snapshot));
                }
            } else if (path.startsWith(BASE) && assets.files().containsKey(path.substring(BASE.length()))) {
                Assets.Asset asset = assets.files().get(path.substring(BASE.length()));
                send(exchange, 200, asset.contentType(), asset.bytes());
            } else {
                send(exchange, 404, "text/plain; charset=utf-8", ("no such page: " + path + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private void stream(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.getResponseHeaders().set("X-Accel-Buffering", "no");
        if (!board.join(exchange, () -> exchange.sendResponseHeaders(200, 0))) {
            try (exchange) {
                exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
                exchange.getResponseHeaders().set("Retry-After", "10");
                byte[] body = "too many pages follow this dashboard; close one\n".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(503, body.length);
                exchange.getResponseBody().write(body);
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.getResponseHeaders().set("Content-Security-Policy", POLICY);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
