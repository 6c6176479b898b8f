package io.kpool.it;

import org.awaitility.Awaitility;

import io.kpool.client.EventFollower;
import io.kpool.protocol.event.PoolEvent;
import io.kpool.transport.KafkaSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Every event of one pool since the log was opened; read on the test's thread. */
final class EventLog implements AutoCloseable {

    private final EventFollower follower;
    private final List<PoolEvent> events = new ArrayList<>();

    EventLog(KafkaSettings kafka) {
        this.follower = new EventFollower(kafka, true);
    }

    /** Reads what has arrived, then answers every event so far. */
    List<PoolEvent> all() {
        follower.poll(Duration.ofMillis(100), events::add);
        return List.copyOf(events);
    }

    /** Events of one kind, in order. */
    <T extends PoolEvent> List<T> of(Class<T> type) {
        return all().stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Waits until some event of the kind matches, and answers it. */
    <T extends PoolEvent> T await(Class<T> type, Predicate<T> match, Duration timeout) {
        List<T> found = new ArrayList<>();
        Awaitility.await().atMost(timeout).pollInSameThread().pollInterval(Duration.ofMillis(50))
                .alias("an event " + type.getSimpleName() + " that matches")
                .until(() -> {
                    of(type).stream().filter(match).findFirst().ifPresent(found::add);
                    return !found.isEmpty();
                });
        return found.get(0);
    }

    @Override
    public void close() {
        follower.close();
    }
}
