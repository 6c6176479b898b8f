package io.kpool.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import io.kpool.core.intake.RecentIds;
import io.kpool.protocol.CancelOrder;
import io.kpool.protocol.Job;
import io.kpool.protocol.Json;
import io.kpool.protocol.Topics;
import io.kpool.protocol.event.CancelRefused;
import io.kpool.protocol.event.PoolEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** A dispatcher's decisions on cancel requests, against a producer that only records what it is sent. */
class CancellationsTest {

    private static final Topics TOPICS = new Topics("t");
    private static final Instant SUBMITTED = Instant.parse("2026-12-06T12:00:00Z");
    private static final Instant NOW = SUBMITTED.plusSeconds(5);

    private final RecentIds recent = new RecentIds(Duration.ofMinutes(10), 1000);
    private final Cancellations cancellations = new Cancellations(TOPICS, recent);
    private final MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
            new ByteArraySerializer());

    @Test
    void aJobAcceptedWithinTheWindowIsOrderedCancelledWithTheTimeOfItsRecord() {
        recent.accept("j1", new RecentIds.Seen(SUBMITTED, 0, 7));

        assertThat(cancellations.request(producer, "j1", NOW)).as("in the batch still open").isTrue();

        assertThat(producer.history()).singleElement().satisfies(r -> {
            assertThat(r.topic()).isEqualTo("t.cancels");
            assertThat(r.key()).isEqualTo("j1");
            assertThat(Json.decode(r.value(), CancelOrder.class))
                    .isEqualTo(new CancelOrder("j1", SUBMITTED.toEpochMilli(), NOW.toEpochMilli()));
        });
    }

    @Test
    void anUnknownIdIsRefusedWithAnEventAndNothingElse() {
        assertThat(cancellations.request(producer, "nosuch", NOW)).isFalse();

        assertThat(producer.history()).singleElement().satisfies(r -> {
            assertThat(r.topic()).isEqualTo("t.events");
            assertThat(Json.decode(r.value(), PoolEvent.class))
                    .isEqualTo(new CancelRefused("nosuch", CancelRefused.UNKNOWN, NOW.toEpochMilli()));
        });
        cancellations.commit(NOW);
        assertThat(cancellations.cancelled("nosuch")).isFalse();
    }

    @Test
    void aJobKpoolMovedBackAfterItsCancelIsCancelledAlreadyButAReplayOrANewJobIsNot() {
        recent.accept("j1", new RecentIds.Seen(SUBMITTED, 0, 7));
        cancellations.request(producer, "j1", NOW);
        assertThat(cancellations.cancelled("j1")).as("not before the transaction commits").isFalse();

        cancellations.commit(NOW);

        assertThat(cancellations.cancelled("j1")).isTrue();
        assertThat(cancellations.cancelledAlready(new Job("j1", IntNode.valueOf(1), null, 2))).isTrue();
        assertThat(cancellations.cancelledAlready(new Job("j1", IntNode.valueOf(1), null, 2,
                new Job.Replay("t.dead-letters", 0, 3)))).as("a replay").isFalse();
        assertThat(cancellations.cancelledAlready(new Job("j1", IntNode.valueOf(1)))).as("a new record").isFalse();
        assertThat(cancellations.cancelledAlready(new Job("j2", IntNode.valueOf(1), null, 2))).isFalse();
    }

    @Test
    void anOrderOfATransactionRolledBackIsForgotten() {
        recent.accept("j1", new RecentIds.Seen(SUBMITTED, 0, 7));
        cancellations.request(producer, "j1", NOW);

        cancellations.discard();
        cancellations.commit(NOW);

        assertThat(cancellations.cancelled("j1")).isFalse();
    }
}
