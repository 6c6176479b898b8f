package io.kpool.core.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.kpool.protocol.Heartbeat;
import io.kpool.protocol.WorkerStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlotTableTest {

    private final Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    private final SlotTable table = new SlotTable(Duration.ofSeconds(3));

    private static WorkerStatus status(int slot, boolean alive, long incarnation) {
        return new WorkerStatus(slot, "s", "host", 1L, alive ? "running" : "starting", alive, 1L, incarnation, 0, 0, 10, 60_000, null,
                List.of(), List.of(), 0);
    }

    private static Heartbeat beat(int slot, long incarnation, long queued, String current) {
        return new Heartbeat(slot, incarnation, 1, 0, 0, queued, current, null, 0);
    }

    @Test
    void aSlotIsAliveWhenItsSupervisorSaysSo() {
        table.apply(status(0, true, 1));
        table.apply(status(1, false, 2));

        assertThat(table.views(t0)).extracting(SlotView::alive).containsExactly(true, false);
    }

    @Test
    void aSlotWhoseHeartbeatsWentSilentIsDead() {
        table.apply(status(0, true, 1));
        table.apply(beat(0, 1, 0, null), t0);

        assertThat(table.anyAlive(t0.plusSeconds(3))).isTrue();
        assertThat(table.anyAlive(t0.plusMillis(3001))).isFalse();
    }

    @Test
    void aSlotBeyondTheTaskPartitionsIsDead() {
        table.apply(status(4, true, 1));
        table.partitions(4);

        assertThat(table.anyAlive(t0)).isFalse();
    }

    @Test
    void estimatesJobsInFlightFromTheLastHeartbeatAndWhatWasRoutedSince() {
        table.apply(status(0, true, 1));
        table.apply(beat(0, 1, 5, "j9"), t0);
        table.routed(0);
        table.routed(0);

        assertThat(table.views(t0).get(0).inFlight()).isEqualTo(8);

        table.apply(beat(0, 1, 0, null), t0.plusSeconds(1));
        assertThat(table.views(t0).get(0).inFlight()).isZero();
    }

    @Test
    void ignoresHeartbeatsOfAnOlderIncarnation() {
        table.apply(status(0, true, 2));
        table.apply(beat(0, 1, 50, null), t0);

        assertThat(table.views(t0).get(0).inFlight()).isZero();
    }
}
