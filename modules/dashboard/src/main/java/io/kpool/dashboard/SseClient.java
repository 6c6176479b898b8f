package io.kpool.dashboard;

import com.sun.net.httpserver.HttpExchange;
import io.kpool.dashboard.view.DeadLetterLine;
import io.kpool.dashboard.view.EventLine;
import io.kpool.dashboard.view.PoolSnapshot;
import io.kpool.protocol.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One page following the dashboard over Server-Sent Events, written to by a thread of its own so a
 * slow page holds up no one else. Frames reach it through a one-place mailbox where the latest wins:
 * a page that falls behind skips to the newest view. Each frame sends the {@code state} message, and
 * an {@code events} and a {@code deadletters} message with those this page has not had yet (all of
 * them, with {@code reset}, on the first frame).
 */
final class SseClient implements Runnable {

    /** How long a quiet stream waits before a comment line keeps proxies from closing it. */
    static final long KEEPALIVE_SECONDS = 15;
    /** How soon a page's EventSource reconnects after the stream ends. */
    static final int RETRY_MS = 2000;

    private static final Frame CLOSE = new Frame(Long.MAX_VALUE, null, null);

    private final HttpExchange exchange;
    private final BlockingQueue<Frame> mailbox = new ArrayBlockingQueue<>(1);
    private final Runnable onEnd;
    private long frameSent;
    private long eventsSent = -1;
    private long lettersSent = -1;

    SseClient(HttpExchange exchange, Runnable onEnd) {
        this.exchange = exchange;
        this.onEnd = onEnd;
    }

    /** Hands over the newest frame, replacing one not sent yet. */
    synchronized void offer(Frame frame) {
        if (mailbox.peek() == CLOSE) {
            return;
        }
        mailbox.clear();
        mailbox.offer(frame);
    }

    /** Ends the stream after what is being written now. */
    synchronized void close() {
        mailbox.clear();
        mailbox.offer(CLOSE);
    }

    @Override
    public void run() {
        try (OutputStream out = exchange.getResponseBody()) {
            write(out, "retry: " + RETRY_MS + "\n\n");
            while (true) {
                Frame frame = mailbox.poll(KEEPALIVE_SECONDS, TimeUnit.SECONDS);
                if (frame == CLOSE) {
                    return;
                }
                if (frame == null) {
                    write(out, ": keepalive\n\n");
                } else if (frame.seq() > frameSent) {
                    write(out, messages(frame));
                }
            }
        } catch (IOException e) {
            // the page went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            exchange.close();
            onEnd.run();
        }
    }

    /** The frame as this page's SSE messages. */
    String messages(Frame frame) {
        frameSent = frame.seq();
        PoolSnapshot snapshot = frame.snapshot();
        StringBuilder text = new StringBuilder(frame.state().length() + 256);
        message(text, "state", frame.state());
        boolean reset = eventsSent < 0;
        List<EventLine> events = snapshot.events().stream().filter(e -> e.seq() > eventsSent).toList();
        if (reset || !events.isEmpty()) {
            message(text, "events", Json.text(Map.of("reset", reset, "items", events)));
            eventsSent = snapshot.lastEventSeq();
        }
        List<DeadLetterLine> letters = snapshot.deadLetters().stream().filter(d -> d.seq() > lettersSent).toList();
        if (reset || !letters.isEmpty()) {
            message(text, "deadletters", Json.text(Map.of("reset", reset, "items", letters)));
            lettersSent = snapshot.lastDeadLetterSeq();
        }
        return text.toString();
    }

    private static void message(StringBuilder text, String event, String json) {
        // JSON as Jackson writes it has no raw line breaks, so it is one data line.
        text.append("event: ").append(event).append('\n').append("data: ").append(json).append("\n\n");
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
