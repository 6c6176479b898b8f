package io.kpool.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What kpool status --check calls unwell, as specifications. */
class PoolHealthTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    @Test
    void aPoolWhoseSlotsRunAndHeartbeatIsWell() {
        assertThat(PoolHealth.check(List.of(running(0), running(1)), TIMEOUT)).isEmpty();
    }

    @Test
    void aSlotThatTakesNoJobsIsDownWithItsStateAndLastExit() {
        WorkerRow restarting = row(1, "restarting", false, 2, false, "signal KILL", null, 300);

        assertThat(PoolHealth.check(List.of(running(0), restarting), TIMEOUT)).singleElement().satisfies(p -> {
            assertThat(p.kinds()).containsExactly("down");
            assertThat(p.line()).isEqualTo("worker 1: down (state restarting, last exit: signal KILL)");
        });
    }

    @Test
    void aQuarantinedSlotIsQuarantinedNotAlsoDown() {
        WorkerRow parked = row(0, "gave_up", false, 2, true, "signal KILL", null, 300);

        assertThat(PoolHealth.check(List.of(parked), TIMEOUT)).singleElement().satisfies(p -> {
            assertThat(p.kinds()).containsExactly("quarantined");
            assertThat(p.line()).isEqualTo("worker 0: quarantined (state gave_up, 2 restarts within the intensity "
                    + "window, last exit: signal KILL)");
        });
    }

    @Test
    void aRunningSlotOverItsRestartLimitIsSaidToBe() {
        WorkerRow over = row(2, "running", true, 11, true, "exit 1", 100L, 300);

        assertThat(PoolHealth.check(List.of(over), TIMEOUT)).singleElement()
                .satisfies(p -> assertThat(p.kinds()).containsExactly("over_limit"));
    }

    @Test
    void aRunningSlotWhoseHeartbeatIsOlderThanTheTimeoutIsSilent() {
        WorkerRow stale = row(3, "running", true, 0, false, null, 3_500L, 300);
        WorkerRow none = row(4, "running", true, 0, false, null, null, 300);

        assertThat(PoolHealth.check(List.of(stale, none), TIMEOUT)).extracting(PoolHealth.Problem::line).containsExactly(
                "worker 3: silent: last heartbeat 3500 ms ago, over the heartbeat timeout of 3s",
                "worker 4: silent: no heartbeat from its incarnation 1 seen");
    }

    @Test
    void aHeartbeatJustWithinTheTimeoutIsWell() {
        assertThat(PoolHealth.check(List.of(row(0, "running", true, 0, false, null, 3_000L, 300)), TIMEOUT)).isEmpty();
    }

    @Test
    void aSlotWhoseSupervisorStoppedPublishingIsSaidToBeSoToo() {
        WorkerRow orphan = row(0, "running", true, 0, false, null, 12_000L, 12_000);

        assertThat(PoolHealth.check(List.of(orphan), TIMEOUT)).singleElement().satisfies(p -> {
            assertThat(p.kinds()).containsExactly("silent", "supervisor_silent");
            assertThat(p.line()).endsWith("; its supervisor it (on vm) has published nothing for 12 s (gone?)");
        });
    }

    @Test
    void theSlotsOfASupervisorThatStoppedAreDownAndNothingMore() {
        WorkerRow stopped = row(0, "stopped", false, 0, false, "exit 0", null, 120_000);

        assertThat(PoolHealth.check(List.of(stopped), TIMEOUT)).extracting(PoolHealth.Problem::line)
                .containsExactly("worker 0: down (state stopped, last exit: exit 0)");
    }

    private static WorkerRow running(int slot) {
        return row(slot, "running", true, 0, false, null, 200L, 300);
    }

    private static WorkerRow row(int slot, String state, boolean alive, int recent, boolean overLimit, String lastExit,
                                 Long heartbeatAgeMs, long stateAgeMs) {
        return new WorkerRow(slot, "it", "vm", 100L, state, alive, alive ? 4242L : null, 1, recent, recent, overLimit,
                lastExit, 0L, 0L, null, heartbeatAgeMs, stateAgeMs);
    }
}
