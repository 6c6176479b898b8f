package io.kpool.client;

import io.kpool.protocol.Heartbeat;
import io.kpool.protocol.WorkerStatus;
import io.kpool.transport.SlotFeed;
import io.kpool.transport.KafkaSettings;
import io.kpool.transport.KafkaUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads the pool's current state: every slot's latest status and its latest heartbeat. */
public final class StatusReader {

    /** Heartbeats older than this are not looked for. */
    static final Duration LOOKBACK = Duration.ofSeconds(60);

    private StatusReader() {
    }

    /**
     * One row per known slot, by slot id.
     *
     * @throws KafkaUnavailableException when the topics cannot be read to their end within {@code timeout}
     */
    public static List<WorkerRow> read(KafkaSettings kafka, Duration timeout) {
        Map<Integer, WorkerStatus> statuses = new TreeMap<>();
        Map<Integer, Heartbeat> beats = new TreeMap<>();
        try (SlotFeed feed = new SlotFeed(kafka, "kpool-status", LOOKBACK)) {
            boolean read = PollUntil.holds(feed::caughtUp, timeout, () -> feed.poll(Duration.ofMillis(200),
                    s -> statuses.put(s.workerId(), s), b -> beats.merge(b.workerId(), b,
                            (old, neu) -> neu.incarnation() >= old.incarnation() ? neu : old)));
            if (!read) {
                throw new KafkaUnavailableException("could not read " + kafka.topics().workers() + " on Kafka at "
                        + kafka.bootstrap() + " within " + timeout.toSeconds() + "s", null);
            }
        }
        long now = System.currentTimeMillis();
        List<WorkerRow> rows = new ArrayList<>();
        statuses.forEach((slot, s) -> {
            Heartbeat b = beats.get(slot);
            boolean current = b != null && b.incarnation() == s.incarnation();
            rows.add(new WorkerRow(slot, s.supervisor(), s.host(), s.supervisorPid(), s.state(), s.alive(), s.pid(),
                    s.incarnation(), s.restarts(), s.recentRestarts(), s.overLimit(), s.lastExit(), current ? b.processed() : null,
                    current ? b.queued() + (b.currentJob() == null ? 0 : 1) : null,
                    current ? b.currentJob() : null, current ? Math.max(0, now - b.at()) : null,
                    Math.max(0, now - s.updatedAt())));
        });
        return rows;
    }
}
