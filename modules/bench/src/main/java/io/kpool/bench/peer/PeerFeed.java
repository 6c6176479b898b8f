package io.kpool.bench.peer;

import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A steady stream of jobs to a peer pool's input, from a background thread, at a given rate (keys
 * {@code flow-<i>}), so that failover is measured while work flows.
 */
final class PeerFeed implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PeerFeed.class);
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final PeerInput input;
    private final int perSecond;
    private final Thread thread;
    private volatile boolean running = true;
    private long sent;

    private PeerFeed(PeerInput input, int perSecond) {
        this.input = input;
        this.perSecond = perSecond;
        this.thread = new Thread(this::feed, "kpool-bench-peer-feed");
        thread.setDaemon(true);
    }

    /** Starts feeding {@code perSecond} jobs a second to {@code input}. */
    static PeerFeed start(PeerInput input, int perSecond) {
        PeerFeed feed = new PeerFeed(input, perSecond);
        feed.thread.start();
        return feed;
    }

    private void feed() {
        long start = System.nanoTime();
        try {
            while (running) {
                long due = (System.nanoTime() - start) * perSecond / TimeUnit.SECONDS.toNanos(1);
                while (sent < due) {
                    input.send("flow-" + sent, sent);
                    sent++;
                }
                TimeUnit.NANOSECONDS.sleep(TICK_NANOS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("feed stopped: {}", e.toString());
        }
    }

    /** Stops the feed and waits for its thread. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(TimeUnit.SECONDS.toMillis(10));
        log.info("feed stopped after {} jobs", sent);
    }
}
