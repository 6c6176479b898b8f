package io.kpool.dashboard;

import com.sun.net.httpserver.HttpExchange;
import io.kpool.dashboard.view.PoolSnapshot;
import io.kpool.protocol.Json;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where the reader's snapshots meet the pages: it keeps the newest frame and hands each new one to
 * every page that follows. The reader thread publishes; HTTP threads join pages; each page's own
 * thread writes to it ({@link SseClient}).
 */
final class Board {

    /** What the pages are told of the pool and the dashboard besides the view. */
    record Pool(String prefix, String bootstrap, DashboardSettings settings) {
    }

    private final Pool pool;
    private final List<SseClient> clients = new CopyOnWriteArrayList<>();
    private final AtomicInteger threads = new AtomicInteger();
    private volatile Frame latest;
    private long published;
    private volatile String trouble;
    private volatile boolean closed;

    Board(Pool pool) {
        this.pool = pool;
    }

    /** Makes {@code snapshot} the newest view and sends it to every page; called by one thread. */
    void publish(PoolSnapshot snapshot) {
        Frame frame = new Frame(++published, snapshot, Json.text(StateMessage.of(snapshot, pool, trouble)));
        latest = frame;
        clients.forEach(c -> c.offer(frame));
    }

    /** Why the pool cannot be read now (shown on the page), or null once it can again. */
    void trouble(String why) {
        trouble = why;
    }

    /** The newest view, or null before the first. */
    PoolSnapshot latest() {
        Frame frame = latest;
        return frame == null ? null : frame.snapshot();
    }

    /** Sends a stream's response headers. */
    interface Opening {
        void open() throws IOException;
    }

    /**
     * Starts a page's stream on the exchange, on a thread of its own, with the newest view first.
     *
     * @param opening sends the response headers, once the page is let in
     * @return false, having sent nothing, when as many pages as allowed already follow, or the board is closed
     */
    synchronized boolean join(HttpExchange exchange, Opening opening) throws IOException {
        if (closed || clients.size() >= pool.settings().maxClients()) {
            return false;
        }
        opening.open();
        SseClient[] self = new SseClient[1];
        SseClient client = new SseClient(exchange, () -> clients.remove(self[0]));
        self[0] = client;
        clients.add(client);
        Frame frame = latest;
        if (frame != null) {
            client.offer(frame);
        }
        Thread thread = new Thread(client, "kpool-dashboard-page-" + threads.incrementAndGet());
        thread.setDaemon(true);
        thread.start();
        return true;
    }

    /** Pages following now. */
    int pages() {
        return clients.size();
    }

    /** Ends every page's stream; no page joins after this. */
    synchronized void close() {
        closed = true;
        clients.forEach(SseClient::close);
    }
}
