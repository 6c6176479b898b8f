package io.kpool.dashboard.view;

import io.kpool.testkit.TestClock;
import static io.kpool.dashboard.view.Records.heartbeat;
import static io.kpool.dashboard.view.Records.poisoned;
import static io.kpool.dashboard.view.Records.restarted;
import static io.kpool.dashboard.view.Records.result;
import static io.kpool.dashboard.view.Records.sigkill;
import static io.kpool.dashboard.view.Records.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import io.kpool.dashboard.DashboardSettings;
import io.kpool.protocol.DeadLetter;
import io.kpool.protocol.WorkerStatus;
import io.kpool.protocol.event.SupervisorGaveUp;
import io.kpool.protocol.event.SupervisorStarted;
import io.kpool.protocol.event.WorkerStarted;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The dashboard's model: records of the pool's topics in, the page's view out, on a fake clock. */
class PoolViewTest {

    private static final long T0 = 1_700_000_000_000L;

    private final TestClock clock = new TestClock(java.time.Instant.ofEpochMilli(T0));
    private final PoolView view = new PoolView(DashboardSettings.ofDefaults(), clock);

    @Test
    void slotsAreShownUnderTheirSupervisorWithWhatTheirHeartbeatsSay() {
        // Given two supervisors, and a heartbeat of worker 0 a moment ago
        view.status(status("a", 1, "running", 1, 0, 0, T0));
        view.status(status("a", 0, "running", 1, 0, 0, T0));
        view.status(status("b", 2, "running", 1, 0, 0, T0));
        view.heartbeat(heartbeat(0, 1, 5, 2, "j9", T0 - 300));

        // When the view is taken a second later
        clock.advance(Duration.ofSeconds(1));
        PoolSnapshot snapshot = view.snapshot();

        // Then each supervisor holds its slots, in slot order
        assertThat(snapshot.supervisors()).extracting(SupervisorView::name).containsExactly("a", "b");
        SupervisorView a = snapshot.supervisors().get(0);
        assertThat(a.slots()).isEqualTo("0-1");
        assertThat(a.host()).isEqualTo("vm");
        assertThat(a.state()).isEqualTo("running");
        assertThat(a.heardAgoMs()).isEqualTo(1000);
        assertThat(a.workers()).extracting(SlotView::workerId).containsExactly(0, 1);
        // And worker 0's row says what its heartbeat said: done, queued or running, the job, the age
        SlotView zero = a.workers().get(0);
        assertThat(zero.display()).isEqualTo("running");
        assertThat(zero.pid()).isEqualTo(1001L);
        assertThat(zero.processed()).isEqualTo(5);
        assertThat(zero.inFlight()).isEqualTo(3);
        assertThat(zero.currentJob()).isEqualTo("j9");
        assertThat(zero.busyMs()).isEqualTo(1350);
        assertThat(zero.heartbeatAgeMs()).isEqualTo(1300);
        // And worker 1, not heard from, has no such figures
        SlotView one = a.workers().get(1);
        assertThat(one.processed()).isNull();
        assertThat(one.heartbeatAgeMs()).isNull();
        assertThat(snapshot.totals().workers()).isEqualTo(3);
        assertThat(snapshot.totals().running()).isEqualTo(3);
        assertThat(snapshot.totals().inFlight()).isEqualTo(3);
    }

    @Test
    void aHeartbeatOfAnotherIncarnationSaysNothingOfTheCurrentOne() {
        view.status(status(0, "running", 2, T0));
        view.heartbeat(heartbeat(0, 1, 50, 0, null, T0));

        SlotView row = view.snapshot().supervisors().get(0).workers().get(0);

        assertThat(row.processed()).isNull();
        assertThat(row.heartbeatAgeMs()).isNull();
    }

    @Test
    void aSigkilledWorkerIsShownCrashedUntilItsNextIncarnationRunsThenRunningWithItsLastCrash() {
        // Given worker 1 running
        view.status(status(1, "running", 1, T0));
        assertThat(row(1).display()).isEqualTo("running");

        // When it is SIGKILLed and its supervisor starts the next incarnation
        clock.advance(Duration.ofMillis(500));
        view.event(sigkill(1, 1, clock.millis()));
        assertThat(row(1).display()).isEqualTo("crashed");
        view.status(status(1, "starting", 2, clock.millis()));
        assertThat(row(1).display()).isEqualTo("crashed");
        assertThat(view.snapshot().totals().crashed()).isEqualTo(1);

        // Then, once the new incarnation runs, the row is running again and keeps the crash
        clock.advance(Duration.ofMillis(900));
        view.event(restarted(1, 2, clock.millis()));
        view.status(status(1, "running", 2, clock.millis()));
        SlotView back = row(1);
        assertThat(back.display()).isEqualTo("running");
        assertThat(back.incarnation()).isEqualTo(2);
        assertThat(back.lastCrash()).isEqualTo(new CrashView(T0 + 500, 1, 1011, "SIGKILL", null));
        assertThat(view.snapshot().totals().crashed()).isZero();
    }

    @Test
    void aSlotThatGaveUpIsShownGivenUp() {
        view.status(status(0, "running", 1, T0));
        view.status(status(1, "gave_up", 4, T0));

        PoolSnapshot snapshot = view.snapshot();

        assertThat(snapshot.supervisors().get(0).workers()).extracting(SlotView::display).containsExactly("running", "gave_up");
        assertThat(snapshot.totals().gaveUp()).isEqualTo(1);
    }

    @Test
    void restartsAreShownAgainstTheSupervisorsIntensityWindow() {
        view.status(status("local", 0, "running", 12, 11, 11, T0));

        SlotView row = row(0);
        SupervisorView supervisor = view.snapshot().supervisors().get(0);

        assertThat(row.restarts()).isEqualTo(11);
        assertThat(row.recentRestarts()).isEqualTo(11);
        assertThat(row.maxRestarts()).isEqualTo(10);
        assertThat(row.withinMs()).isEqualTo(60_000);
        assertThat(row.overLimit()).isTrue();
        assertThat(supervisor.maxRestarts()).isEqualTo(10);
        assertThat(supervisor.withinMs()).isEqualTo(60_000);
        assertThat(view.snapshot().totals().restarts()).isEqualTo(11);
    }

    @Test
    void aStateOlderThanTheOneHeldIsIgnored() {
        view.status(status(0, "running", 2, T0));
        view.status(status(0, "starting", 1, T0 - 5000));

        assertThat(row(0).incarnation()).isEqualTo(2);
        assertThat(row(0).state()).isEqualTo("running");
    }

    @Test
    void aSupervisorSilentForMoreThanFiveSecondsIsShownSilent() {
        view.status(status(0, "running", 1, T0));

        clock.advance(Duration.ofMillis(PoolView.SILENT_AFTER_MS));
        assertThat(view.snapshot().supervisors().get(0).state()).isEqualTo("running");
        clock.advance(Duration.ofMillis(1));
        assertThat(view.snapshot().supervisors().get(0).state()).isEqualTo("silent");
    }

    @Test
    void aSupervisorThatGaveUpIsShownSoUntilItStartsAgain() {
        view.status(status(0, "running", 1, T0));
        view.event(new SupervisorGaveUp("local", 11, 10, 60_000, T0 + 1));
        assertThat(view.snapshot().supervisors().get(0).state()).isEqualTo("gave_up");

        view.event(new SupervisorStarted("local", List.of(0), 101, T0 + 2));
        assertThat(view.snapshot().supervisors().get(0).state()).isEqualTo("running");
    }

    @Test
    void resultsAreCountedInTheSecondTheyWereCompletedWithTheirLatencies() {
        // Given results completed in two seconds, one of them arriving late
        long second = T0 / 1000 * 1000;
        view.result(result("a", second + 90, second + 100));
        view.result(result("b", second + 80, second + 100));
        view.result(result("c", second + 1300, second + 1500));
        clock.advance(Duration.ofMillis(second + 2100 - T0));
        view.result(result("d", second + 270, second + 300));

        // When the view is taken in the second after them
        Series series = view.snapshot().series();

        // Then the last two points are those seconds: 3 results (10, 20, 30 ms), then 1 (200 ms)
        int n = series.results().size();
        assertThat(n).isEqualTo(300);
        assertThat(series.lastSecond()).isEqualTo(second / 1000 + 1);
        assertThat(series.results().subList(n - 2, n)).containsExactly(3L, 1L);
        assertThat(series.p50().subList(n - 2, n)).containsExactly(20L, 200L);
        assertThat(series.max().subList(n - 2, n)).containsExactly(30L, 200L);
        // And the seconds before had none
        assertThat(series.results().get(n - 3)).isZero();
        assertThat(series.p99().get(n - 3)).isNull();
        // And the header's rate is over the last ten seconds
        Totals totals = view.snapshot().totals();
        assertThat(totals.perSecond()).isEqualTo(0.4);
        assertThat(totals.p99()).isCloseTo(200L, withinPercentage(7));
        assertThat(totals.results()).isEqualTo(4);
    }

    @Test
    void aResultArrivingAfterItsSecondWasDrawnRedrawsThatSecond() {
        long second = T0 / 1000 * 1000;
        view.result(result("a", second, second + 10));
        clock.advance(Duration.ofMillis(second + 1500 - T0));
        assertThat(view.snapshot().series().p50().get(299)).isEqualTo(10);

        view.result(result("late", second + 300, second + 900));
        view.result(result("later", second + 400, second + 990));

        Series series = view.snapshot().series();
        assertThat(series.results().get(299)).isEqualTo(3);
        assertThat(series.p50().get(299)).isCloseTo(590L, withinPercentage(7));
    }

    @Test
    void resultsOlderThanTheChartOrFarAheadOfTheClockAreNotDrawn() {
        view.result(result("old", T0 - 400_000, T0 - 300_001));
        view.result(result("ahead", T0, T0 + 60_000));
        clock.advance(Duration.ofMinutes(1).plusSeconds(1));

        Series series = view.snapshot().series();

        assertThat(series.results()).allMatch(c -> c == 0);
        assertThat(view.snapshot().totals().results()).isEqualTo(2);
    }

    @Test
    void theChartMovesOnWithTheClock() {
        long second = T0 / 1000 * 1000;
        clock.advance(Duration.ofMillis(second - T0 + 500));
        view.result(result("a", second, second + 10));
        clock.advance(Duration.ofSeconds(1));
        Series before = view.snapshot().series();
        assertThat(before.results().get(299)).isEqualTo(1);

        clock.advance(Duration.ofSeconds(299));
        assertThat(view.snapshot().series().results().get(0)).isEqualTo(1);
        clock.advance(Duration.ofSeconds(1));
        assertThat(view.snapshot().series().results()).allMatch(c -> c == 0);
    }

    @Test
    void eventsAreKeptNewestFirstUpToTheLimit() {
        PoolView small = new PoolView(DashboardSettings.ofDefaults().withKept(3, 2), clock);
        for (int slot = 0; slot < 5; slot++) {
            small.event(new WorkerStarted(slot, 1, 1000 + slot, "local", T0 + slot));
        }

        List<EventLine> events = small.snapshot().events();

        assertThat(events).extracting(EventLine::seq).containsExactly(5L, 4L, 3L);
        assertThat(events.get(0)).isEqualTo(new EventLine(5, T0 + 4, "worker_started", 4,
                "worker 4 started (incarnation 1, pid 1004, supervisor local)"));
    }

    @Test
    void deadLettersAreKeptNewestFirstWithTheirEvidenceAndTheStartOfTheirValue() {
        PoolView small = new PoolView(DashboardSettings.ofDefaults().withKept(10, 2), clock);
        small.deadLetter(poisoned("p1", 1, T0));
        small.deadLetter(poisoned("p2", 2, T0 + 1));
        String big = "x".repeat(1000);
        small.deadLetter(new DeadLetter(null, "not_json", "not JSON", big, "utf8",
                new DeadLetter.Origin("kpool.jobs", 3, 99), T0 + 2, null));

        List<DeadLetterLine> letters = small.snapshot().deadLetters();

        assertThat(letters).extracting(DeadLetterLine::seq).containsExactly(3L, 2L);
        assertThat(letters.get(0).raw()).hasSize(PoolView.RAW_SHOWN + 1).endsWith("…");
        assertThat(letters.get(0).origin()).isEqualTo("kpool.jobs-3@99");
        DeadLetterLine poison = letters.get(1);
        assertThat(poison.jobId()).isEqualTo("p2");
        assertThat(poison.reason()).isEqualTo("crashed_worker");
        assertThat(poison.evidence().workerId()).isEqualTo(2);
        assertThat(poison.evidence().crashes()).hasSize(3);
        assertThat(poison.evidence().crashes().get(0).stderrTail()).singleElement().asString().contains("must not be negative");
        assertThat(small.snapshot().totals().deadLetters()).isEqualTo(3);
    }

    @Test
    void aCrashADeadLetterOrAChangeOfStateIsNewsAHeartbeatOrTheSameStateAgainIsNot() {
        view.status(status(0, "running", 1, T0));
        assertThat(view.hasNews()).isTrue();
        view.snapshot();

        view.heartbeat(heartbeat(0, 1, 1, 0, null, T0 + 10));
        view.status(status(0, "running", 1, T0 + 1000));
        view.result(result("a", T0, T0 + 5));
        assertThat(view.hasNews()).isFalse();

        view.event(sigkill(0, 1, T0 + 1100));
        assertThat(view.hasNews()).isTrue();
        view.snapshot();
        view.deadLetter(poisoned("p", 0, T0 + 1200));
        assertThat(view.hasNews()).isTrue();
        view.snapshot();
        WorkerStatus next = status(0, "starting", 2, T0 + 1300);
        view.status(next);
        assertThat(view.hasNews()).isTrue();
    }

    private SlotView row(int slot) {
        return view.snapshot().supervisors().stream().flatMap(s -> s.workers().stream())
                .filter(w -> w.workerId() == slot).findFirst().orElseThrow();
    }
}
