package io.kpool.dashboard;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpServer;
import io.kpool.dashboard.view.PoolSnapshot;
import io.kpool.dashboard.view.PoolView;
import io.kpool.transport.KafkaSettings;
import io.kpool.transport.KafkaUnavailableException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A live web dashboard of a pool, drawn from its topics as {@code kpool status} and {@code kpool watch}
 * read them: the supervision tree (supervisors, their slots, each slot's state, process, incarnation,
 * restarts against the intensity window, heartbeat age, jobs in flight), throughput and latency over
 * the last minutes, the events and the dead letters with their evidence.
 *
 * <p>{@link #start} opens one Kafka consumer on a thread of its own ({@code kpool-dashboard-reader}),
 * which folds every record into the view and publishes it to the pages every
 * {@link DashboardSettings#refresh()} (a crash or a dead letter at once). {@link #mount} serves it on an
 * {@link HttpServer} of yours, beside what else that server serves:
 *
 * <pre>{@code
 * try (Dashboard dashboard = Dashboard.start(kafka)) {
 *     HttpServer server = HttpServer.create(new InetSocketAddress(8090), 0);
 *     dashboard.mount(server);   // /, /dashboard/..., /dashboard/events
 *     server.start();
 *     ...
 * }
 * }</pre>
 */
public final class Dashboard implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Dashboard.class);

    /** How long {@link #start} waits for the topics to be found and the consumer placed. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /** The least time between two pushes: news (a crash, a dead letter) goes out at once, but no faster. */
    static final Duration NEWS_GAP = Duration.ofMillis(100);

    private final Board board;
    private final Assets assets = Assets.load();
    private final Thread reader;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final List<HttpContext> contexts = new ArrayList<>();
    private volatile PoolFeed feed;

    private Dashboard(KafkaSettings kafka, DashboardSettings settings, InstantSource clock,
                      CompletableFuture<Void> started) {
        this.board = new Board(new Board.Pool(kafka.topics().prefix(), kafka.bootstrap(), settings));
        this.reader = new Thread(() -> read(kafka, settings, clock, started), "kpool-dashboard-reader");
        this.reader.setDaemon(true);
    }

    /** {@link #start(KafkaSettings, DashboardSettings)} with {@link DashboardSettings#ofDefaults()}. */
    public static Dashboard start(KafkaSettings kafka) {
        return start(kafka, DashboardSettings.ofDefaults());
    }

    /**
     * Starts reading the pool's topics; returns once the reader is placed on them.
     *
     * @throws KafkaUnavailableException when a topic does not exist, or Kafka does not answer within
     *                                   {@link #START_TIMEOUT}
     */
    public static Dashboard start(KafkaSettings kafka, DashboardSettings settings) {
        return start(kafka, settings, InstantSource.system());
    }

    static Dashboard start(KafkaSettings kafka, DashboardSettings settings, InstantSource clock) {
        CompletableFuture<Void> started = new CompletableFuture<>();
        Dashboard dashboard = new Dashboard(kafka, settings, clock, started);
        dashboard.reader.start();
        try {
            started.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return dashboard;
        } catch (ExecutionException e) {
            dashboard.close();
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException("the dashboard's reader failed to start", e.getCause());
        } catch (TimeoutException e) {
            dashboard.close();
            throw new KafkaUnavailableException("the dashboard could not read the pool's topics on Kafka at "
                    + kafka.bootstrap() + " within " + START_TIMEOUT.toSeconds() + "s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            dashboard.close();
            throw new IllegalStateException("interrupted while the dashboard started", e);
        }
    }

    /**
     * Serves the dashboard on {@code server}: the page at {@code /} and {@code /dashboard/}, its assets
     * under {@code /dashboard/}, the live stream at {@code /dashboard/events}, the current view as JSON at
     * {@code /dashboard/snapshot}. Other contexts of the server ({@code /metrics}, {@code /healthz},
     * {@code /readyz}, ...) keep their paths; the server may be started before or after.
     *
     * @throws IllegalArgumentException when the server already has a context at {@code /} or {@code /dashboard/}
     */
    public synchronized void mount(HttpServer server) {
        Routes routes = new Routes(assets, board);
        contexts.add(server.createContext("/", routes));
        contexts.add(server.createContext(Routes.BASE, routes));
    }

    /** The latest view, or null before the first (within a refresh of {@link #start}). */
    public PoolSnapshot snapshot() {
        return board.latest();
    }

    /** Pages following the live stream now. */
    public int pages() {
        return board.pages();
    }

    /** Ends every page's stream, stops the reader and removes the dashboard's paths from the servers it was mounted on. */
    @Override
    public synchronized void close() {
        board.close();
        stop.countDown();
        PoolFeed current = feed;
        if (current != null) {
            current.wakeup();
        }
        try {
            reader.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (HttpContext context : contexts) {
            try {
                context.getServer().removeContext(context);
            } catch (IllegalArgumentException e) {
                // already gone with its server
            }
        }
        contexts.clear();
    }

    /** The reader thread: the consumer and the view are its own. */
    private void read(KafkaSettings kafka, DashboardSettings settings, InstantSource clock,
                      CompletableFuture<Void> started) {
        try (PoolFeed own = new PoolFeed(kafka, settings, clock)) {
            feed = own;
            started.complete(null);
            PoolView view = new PoolView(settings, clock);
            long nextRefresh = 0;
            long lastPush = Long.MIN_VALUE / 2;
            while (stop.getCount() > 0) {
                // wait for records until the next push is due: a record ends the wait at once
                long due = view.hasNews() ? Math.min(nextRefresh, lastPush + NEWS_GAP.toMillis()) : nextRefresh;
                long wait = Math.max(1, Math.min(settings.refresh().toMillis(), due - clock.millis()));
                try {
                    own.poll(Duration.ofMillis(wait), view);
                    board.trouble(null);
                } catch (RuntimeException e) {
                    board.trouble(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
                    log.warn("the dashboard cannot read the pool's topics now: {}", e.toString());
                    if (stop.await(1, TimeUnit.SECONDS)) {
                        break;
                    }
                }
                long now = clock.millis();
                if (now >= nextRefresh || view.hasNews() && now - lastPush >= NEWS_GAP.toMillis()) {
                    board.publish(view.snapshot());
                    lastPush = now;
                    nextRefresh = now + settings.refresh().toMillis();
                }
            }
        } catch (RuntimeException e) {
            if (!started.completeExceptionally(e)) {
                log.error("the dashboard's reader stopped", e);
                board.trouble("the dashboard's reader stopped: " + e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            started.complete(null);
        }
    }
}
