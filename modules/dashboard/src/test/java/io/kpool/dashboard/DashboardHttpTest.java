package io.kpool.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.kpool.dashboard.view.PoolView;
import io.kpool.protocol.Json;
import io.kpool.protocol.WorkerStatus;
import io.kpool.protocol.event.WorkerStarted;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's HTTP side, without Kafka: its paths on a server that serves other things too, the
 * page and assets from the jar, and the live stream a page follows.
 */
class DashboardHttpTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final PoolView view = new PoolView(DashboardSettings.ofDefaults(), InstantSource.system());
    private Board board;
    private HttpServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void serve() throws IOException {
        board = new Board(new Board.Pool("kpool", "localhost:9092", DashboardSettings.ofDefaults().withMaxClients(2)));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/metrics", exchange -> {
            byte[] body = "kpool_up 1\n".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        Routes routes = new Routes(Assets.load(), board);
        server.createContext("/", routes);
        server.createContext(Routes.BASE, routes);
        server.start();
    }

    @AfterEach
    void stop() {
        board.close();
        server.stop(0);
    }

    @Test
    void thePageAndItsAssetsAreServedBesideTheServersOtherPaths() throws Exception {
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Content-Security-Policy")).get().asString().startsWith("default-src 'self'");
        assertThat(page.body()).contains("<title>kpool dashboard</title>");

        assertThat(get("/dashboard/").body()).isEqualTo(page.body());
        HttpResponse<String> script = get("/dashboard/dashboard.js");
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(get("/dashboard/dashboard.css").headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
        assertThat(get("/dashboard/favicon.svg").statusCode()).isEqualTo(200);

        assertThat(get("/metrics").body()).isEqualTo("kpool_up 1\n");
        assertThat(get("/favicon.ico").statusCode()).isEqualTo(404);
        assertThat(get("/dashboard/../pom.xml").statusCode()).isEqualTo(404);
        assertThat(get("/dashboard/nothing.js").statusCode()).isEqualTo(404);
    }

    @Test
    void everythingThePageLoadsComesFromTheDashboardItselfNotTheNetwork() throws Exception {
        board.publish(view.snapshot());
        String page = get("/").body();
        Matcher refs = Pattern.compile("(?:src|href)=\"([^\"]*)\"").matcher(page);
        int count = 0;
        while (refs.find()) {
            assertThat(refs.group(1)).as("a reference of the page").startsWith("/dashboard/");
            assertThat(get(refs.group(1)).statusCode()).as(refs.group(1)).isEqualTo(200);
            count++;
        }
        assertThat(count).as("icon, style, script, the JSON view").isEqualTo(4);
        for (String asset : List.of("/dashboard/dashboard.js", "/dashboard/dashboard.css")) {
            assertThat(get(asset).body()).as(asset).doesNotContain("https://").doesNotContain("@import")
                    .doesNotContainPattern("url\\((?!data:)");
        }
    }

    @Test
    void theSnapshotIsTheCurrentViewAsJson() throws Exception {
        assertThat(get("/dashboard/snapshot").statusCode()).isEqualTo(503);

        view.status(status(0));
        board.publish(view.snapshot());

        HttpResponse<String> snapshot = get("/dashboard/snapshot");
        assertThat(snapshot.statusCode()).isEqualTo(200);
        JsonNode json = Json.mapper().readTree(snapshot.body());
        assertThat(json.at("/supervisors/0/workers/0/display").asText()).isEqualTo("running");
    }

    @Test
    void aPageFollowingTheStreamGetsTheStateEachTimeAndOnlyTheEventsItHasNotHad() throws Exception {
        // Given a view with one event
        view.status(status(0));
        view.event(new WorkerStarted(0, 1, 1001, "local", 1));
        board.publish(view.snapshot());

        // When a page follows the stream
        BlockingQueue<String> lines = follow();

        // Then it gets the state, then every event kept, as a reset
        assertThat(next(lines)).isEqualTo("retry: 2000");
        JsonNode state = message(lines, "state");
        assertThat(state.get("prefix").asText()).isEqualTo("kpool");
        assertThat(state.get("bootstrap").asText()).isEqualTo("localhost:9092");
        assertThat(state.at("/supervisors/0/workers/0/pid").asLong()).isEqualTo(1001);
        assertThat(state.at("/series/results").size()).isEqualTo(300);
        JsonNode events = message(lines, "events");
        assertThat(events.get("reset").asBoolean()).isTrue();
        assertThat(events.get("items")).hasSize(1);
        JsonNode letters = message(lines, "deadletters");
        assertThat(letters.get("reset").asBoolean()).isTrue();
        assertThat(letters.get("items")).isEmpty();

        // And when another event comes, only that one follows the next state
        view.event(new WorkerStarted(1, 1, 1011, "local", 2));
        board.publish(view.snapshot());
        message(lines, "state");
        JsonNode news = message(lines, "events");
        assertThat(news.get("reset").asBoolean()).isFalse();
        assertThat(news.get("items")).singleElement().satisfies(e -> assertThat(e.get("slot").asInt()).isEqualTo(1));
        assertThat(board.pages()).isEqualTo(1);
    }

    @Test
    void morePagesThanAllowedAreTurnedAway() throws Exception {
        follow();
        follow();

        HttpResponse<String> third = get("/dashboard/events");

        assertThat(third.statusCode()).isEqualTo(503);
        assertThat(third.body()).contains("too many pages");
    }

    @Test
    void closingTheBoardEndsEveryStream() throws Exception {
        BlockingQueue<String> lines = follow();
        assertThat(next(lines)).isEqualTo("retry: 2000");

        board.close();

        while (!next(lines).equals(END)) {
            // what was on its way
        }
        org.awaitility.Awaitility.await().atMost(PATIENCE).until(() -> board.pages() == 0);
    }

    private static final String END = "<end of stream>";

    private BlockingQueue<String> follow() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri("/dashboard/events")).build();
        HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/event-stream; charset=utf-8");
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (Stream<String> body = response.body()) {
                body.forEach(lines::add);
            } catch (RuntimeException e) {
                // the stream was cut
            }
            lines.add(END);
        }, "test-page");
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    private static String next(BlockingQueue<String> lines) throws InterruptedException {
        String line = lines.poll(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(line).as("a line within " + PATIENCE).isNotNull();
        return line;
    }

    /** Skips to the next message of {@code event} and answers its data. */
    private static JsonNode message(BlockingQueue<String> lines, String event) throws Exception {
        while (!next(lines).equals("event: " + event)) {
            // another message, or the blank line between two
        }
        String data = next(lines);
        assertThat(data).startsWith("data: ");
        return Json.mapper().readTree(data.substring("data: ".length()));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private static WorkerStatus status(int slot) {
        return new WorkerStatus(slot, "local", "vm", 100L, "running", true, 1001L, 1, 0, 0, 10, 60_000, null, List.of(),
                List.of(), System.currentTimeMillis());
    }
}
