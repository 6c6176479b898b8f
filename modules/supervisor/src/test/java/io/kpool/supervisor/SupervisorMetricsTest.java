package io.kpool.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import io.kpool.protocol.DeadLetter;
import io.kpool.protocol.Heartbeat;
import io.kpool.protocol.WorkerStatus;
import io.kpool.protocol.event.WorkerCrashed;
import io.kpool.testkit.TestClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SupervisorMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TestClock clock = new TestClock(Instant.parse("2026-12-06T12:00:00Z"));
    private final SupervisorMetrics metrics = new SupervisorMetrics(registry, List.of(0, 1), clock);

    @Test
    void aRestartIsCountedByItsSlotAndTheReasonOfTheCrashBeforeIt() {
        metrics.published(restarts(1, 0));
        metrics.emitted(new WorkerCrashed(1, 1, 100, "signal", null, "KILL", null, 0));
        metrics.published(restarts(1, 1));
        metrics.emitted(new WorkerCrashed(1, 2, 101, "heartbeat_timeout", null, null, null, 0));
        metrics.published(restarts(1, 2));
        metrics.published(restarts(1, 2));

        assertThat(count("kpool.worker.restarts", "1", "signal")).isEqualTo(1);
        assertThat(count("kpool.worker.restarts", "1", "heartbeat_timeout")).isEqualTo(1);
        assertThat(count("kpool.worker.crashes", "1", "signal")).isEqualTo(1);
    }

    @Test
    void aRestartWhoseWorkerDiesBeforeItsFirstHeartbeatIsCountedAllTheSame() {
        metrics.published(restarts(0, 0));
        for (int restart = 1; restart <= 3; restart++) {
            metrics.emitted(new WorkerCrashed(0, restart, 100 + restart, "exit", 1, null, null, 0));
            metrics.published(restarts(0, restart)); // restarted; it never comes up to say so
        }

        assertThat(count("kpool.worker.restarts", "0", "exit")).isEqualTo(3);
    }

    @Test
    void aSupervisorStartedAgainCountsOnlyTheRestartsItMakes() {
        metrics.published(restarts(0, 7));
        metrics.emitted(new WorkerCrashed(0, 8, 100, "exit", 1, null, null, 0));
        metrics.published(restarts(0, 8));

        assertThat(count("kpool.worker.restarts", "0", "exit")).isEqualTo(1);
    }

    @Test
    void theSlotStateGaugeIsOneForTheCurrentStateOnly() {
        metrics.published(status(0, "restarting", List.of()));

        assertThat(state(0, "restarting")).isEqualTo(1);
        assertThat(state(0, "running")).isZero();
        assertThat(state(1, "starting")).isEqualTo(1);
    }

    @Test
    void jobsProcessedAddUpAcrossIncarnations() {
        metrics.heartbeat(beat(0, 1, 7, "job-9"), 1_000);
        metrics.heartbeat(beat(0, 1, 10, null), 2_000);
        metrics.heartbeat(beat(0, 2, 3, null), 3_000);

        assertThat(registry.get("kpool.worker.jobs.processed").tag("slot", "0").functionCounter().count()).isEqualTo(13);
        assertThat(registry.get("kpool.worker.busy").tag("slot", "0").gauge().value()).isZero();
    }

    @Test
    void theHeartbeatAgeIsHowLongAgoOnTheClockTheSlotsLastHeartbeatWasRead() {
        metrics.heartbeat(beat(0, 1, 0, null), clock.millis());

        clock.advance(Duration.ofMillis(2500));

        assertThat(registry.get("kpool.worker.heartbeat.age").tag("slot", "0").gauge().value()).isEqualTo(2.5);
        assertThat(registry.get("kpool.worker.heartbeat.age").tag("slot", "1").gauge().value()).isNaN();
    }

    @Test
    void aPoisonJobIsCountedOnceHoweverOftenItsSlotIsPublished() {
        WorkerStatus.Suspect poison = new WorkerStatus.Suspect(42, "job-7", List.<DeadLetter.Crash>of(), true);
        metrics.published(status(0, "running", List.of(poison)));
        metrics.published(status(0, "running", List.of(poison)));

        assertThat(registry.get("kpool.worker.jobs.poisoned").tag("slot", "0").counter().count()).isEqualTo(1);
    }

    private double count(String name, String slot, String reason) {
        return registry.get(name).tag("slot", slot).tag("reason", reason).counter().count();
    }

    private double state(int slot, String state) {
        return registry.get("kpool.slot.state").tag("slot", String.valueOf(slot)).tag("state", state).gauge().value();
    }

    private static WorkerStatus status(int slot, String state, List<WorkerStatus.Suspect> suspects) {
        return new WorkerStatus(slot, "s", "h", 1L, state, state.equals("running"), 2L, 1, 0, 0, 3, 5000, null,
                List.of(), suspects, 0);
    }

    private static WorkerStatus restarts(int slot, int restarts) {
        return new WorkerStatus(slot, "s", "h", 1L, "running", true, 2L, restarts + 1, restarts, 0, 3, 5000, null,
                List.of(), List.of(), 0);
    }

    private static Heartbeat beat(int slot, long incarnation, long processed, String job) {
        return new Heartbeat(slot, incarnation, 100 + incarnation, processed, processed, 0, job,
                job == null ? null : 1L, 0);
    }
}
