package io.kpool.supervisor;

import io.kpool.core.supervision.SlotState;
import io.kpool.protocol.WorkerStatus;
import io.kpool.transport.KafkaClients;
import io.kpool.transport.KafkaSettings;
import io.kpool.transport.KafkaUnavailableException;
import io.kpool.transport.SlotFeed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a supervisor's slots: reads what was last published for them on the compacted
 * {@code <prefix>.workers} topic, refuses a slot whose owner is still alive, and hands back the
 * published states so the new supervisor carries on from them. An owner is alive if it publishes
 * the slot's state again within one heartbeat timeout (a live supervisor republishes its slots
 * several times per timeout); a slot that was stopped, or whose state is long stale, is free at once.
 */
final class SlotClaim {

    private static final Logger log = LoggerFactory.getLogger(SlotClaim.class);

    private SlotClaim() {
    }

    /**
     * @param clients where its reader comes from
     * @param clock   how old a published state is, and how long to wait
     * @return the last published state of each of {@code slots} that has one
     * @throws SlotTakenException naming the slot and its live owner
     */
    static Map<Integer, WorkerStatus> take(KafkaSettings kafka, KafkaClients clients, Clock clock, String clientId,
                                           List<Integer> slots, Duration heartbeatTimeout) {
        Map<Integer, WorkerStatus> latest = new HashMap<>();
        try (SlotFeed feed = new SlotFeed(kafka, clients, clientId, Duration.ZERO)) {
            Instant readBy = clock.instant().plusSeconds(30);
            while (!feed.caughtUp()) {
                if (clock.instant().isAfter(readBy)) {
                    throw new KafkaUnavailableException("could not read " + kafka.topics().workers() + " on Kafka at "
                            + kafka.bootstrap() + " within 30 s", null);
                }
                feed.poll(Duration.ofMillis(100), s -> keep(s, slots, latest), b -> { });
            }
            Map<Integer, WorkerStatus> contested = new HashMap<>();
            long now = clock.millis();
            latest.forEach((slot, s) -> {
                boolean ended = s.state().equals(SlotState.STOPPED.wireName());
                boolean recent = now - s.updatedAt() < heartbeatTimeout.multipliedBy(2).toMillis();
                if (!ended && recent) {
                    contested.put(slot, s);
                }
            });
            if (!contested.isEmpty()) {
                log.info("slots {} were in use {} ms ago or less: checking their owner is gone", contested.keySet(),
                        heartbeatTimeout.multipliedBy(2).toMillis());
                Instant until = clock.instant().plus(heartbeatTimeout);
                while (clock.instant().isBefore(until)) {
                    feed.poll(Duration.ofMillis(100), s -> {
                        WorkerStatus before = contested.get(s.workerId());
                        if (before != null && s.updatedAt() > before.updatedAt()) {
                            throw taken(s);
                        }
                        keep(s, slots, latest);
                    }, b -> { });
                }
            }
        }
        return latest;
    }

    private static void keep(WorkerStatus status, List<Integer> slots, Map<Integer, WorkerStatus> latest) {
        if (slots.contains(status.workerId())) {
            latest.put(status.workerId(), status);
        }
    }

    private static SlotTakenException taken(WorkerStatus s) {
        return new SlotTakenException(s.workerId(), "slot " + s.workerId() + " is owned by supervisor '"
                + s.supervisor() + "' (host " + s.host() + ", pid " + s.supervisorPid() + "), which is alive: it "
                + "published the slot's state just now; give this supervisor other --slots, or stop that one first");
    }
}
