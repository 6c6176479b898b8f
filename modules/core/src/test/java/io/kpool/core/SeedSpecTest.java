package io.kpool.core;

import io.kpool.testkit.TestClock;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import io.kpool.core.dispatch.DispatchStrategy;
import io.kpool.core.dispatch.LeastBusy;
import io.kpool.core.dispatch.RoundRobin;
import io.kpool.core.dispatch.SlotView;
import io.kpool.core.handler.Doubler;
import io.kpool.core.supervision.ExitStatus;
import io.kpool.core.supervision.Supervision;
import io.kpool.core.supervision.SupervisorIdentity;
import io.kpool.core.supervision.SupervisorInput;
import io.kpool.core.supervision.SupervisorPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The seed's tests and exercises ("Supervised Worker Pool"), as specifications of kpool's core.
 */
class SeedSpecTest {

    private final TestClock clock = new TestClock();

    private Supervision runningPool(int... slots) {
        List<Integer> ids = new ArrayList<>();
        for (int slot : slots) {
            ids.add(slot);
        }
        SupervisorPolicy patient = SupervisorPolicy.ofDefaults().withHeartbeatTimeout(Duration.ofHours(1));
        Supervision pool = new Supervision(new SupervisorIdentity("s", "host", 1), ids, patient, clock, () -> 0.5);
        pool.start();
        for (int slot : slots) {
            pool.on(new SupervisorInput.Spawned(slot, 1, 100 + slot));
            pool.on(new SupervisorInput.HeartbeatSeen(slot, 1, 0));
        }
        return pool;
    }

    private static List<SlotView> views(Supervision pool, int... slots) {
        List<SlotView> views = new ArrayList<>();
        for (int slot : slots) {
            views.add(new SlotView(slot, pool.status(slot).alive(), 0));
        }
        return views;
    }

    private static void crash(Supervision pool, int slot) {
        pool.on(new SupervisorInput.Exited(slot, pool.incarnation(slot), new ExitStatus(1), null, List.of()));
    }

    /** Lets any backoff pass, then the new incarnation comes up and beats. */
    private void restart(Supervision pool, int slot) {
        clock.advance(Duration.ofMinutes(1));
        pool.on(new SupervisorInput.Tick());
        long incarnation = pool.incarnation(slot);
        pool.on(new SupervisorInput.Spawned(slot, incarnation, 900 + incarnation));
        pool.on(new SupervisorInput.HeartbeatSeen(slot, incarnation, 0));
    }

    @Test
    void dispatchDoublesTheResults() throws Exception {
        // Given two live workers
        List<SlotView> workers = List.of(SlotView.live(0, 0), SlotView.live(1, 0));
        DispatchStrategy dispatch = new RoundRobin();
        Doubler handler = new Doubler();

        // When jobs 5 and 3 are dispatched and run
        List<Long> results = new ArrayList<>();
        List<Integer> chosen = new ArrayList<>();
        for (int n : new int[] {5, 3}) {
            chosen.add(dispatch.choose(workers).orElseThrow());
            JsonNode out = handler.handle(IntNode.valueOf(n));
            results.add(out.longValue());
        }

        // Then the results are doubled, one job per worker
        assertThat(results).containsExactlyInAnyOrder(6L, 10L);
        assertThat(chosen).containsExactly(0, 1);
    }

    @Test
    void aCrashMarksTheWorkerDead() {
        Supervision pool = runningPool(0, 1);

        crash(pool, 1);

        assertThat(pool.status(1).alive()).isFalse();
        assertThat(pool.status(0).alive()).isTrue();
    }

    @Test
    void aRestartMarksTheWorkerAliveAgain() {
        Supervision pool = runningPool(0, 1);
        crash(pool, 1);

        restart(pool, 1);

        assertThat(pool.status(1).alive()).isTrue();
        assertThat(pool.incarnation(1)).isEqualTo(2);
    }

    @Test
    void leastBusyGivesTheSecondJobToTheIdleWorker() {
        // Given worker 0 already has a job in flight and worker 1 has none
        LeastBusy dispatch = new LeastBusy();
        List<SlotView> uneven = List.of(SlotView.live(0, 1), SlotView.live(1, 0));

        // Then the next job goes to the idle worker
        assertThat(dispatch.choose(uneven)).hasValue(1);
    }

    @Test
    void leastBusyBalancesAsJobsAccumulate() {
        LeastBusy dispatch = new LeastBusy();
        Map<Integer, Long> load = new HashMap<>(Map.of(0, 3L, 1, 0L, 2, 1L));

        for (int i = 0; i < 4; i++) {
            List<SlotView> views = load.entrySet().stream().map(e -> SlotView.live(e.getKey(), e.getValue())).toList();
            int slot = dispatch.choose(views).orElseThrow();
            load.merge(slot, 1L, Long::sum);
        }

        assertThat(load).containsEntry(0, 3L).containsEntry(1, 2L).containsEntry(2, 3L);
    }

    @Test
    void theRestartCounterGrowsAndOverLimitListsTheWorkersOverIt() {
        Supervision pool = runningPool(0, 1, 2);

        crash(pool, 2);
        restart(pool, 2);
        crash(pool, 2);
        restart(pool, 2);
        crash(pool, 1);
        restart(pool, 1);

        assertThat(pool.restarts(2)).isEqualTo(2);
        assertThat(pool.restarts(1)).isEqualTo(1);
        assertThat(pool.restarts(0)).isZero();
        assertThat(pool.overLimit(1)).containsExactly(2);
        assertThat(pool.overLimit(0)).containsExactly(1, 2);
        assertThat(pool.overLimit(2)).isEmpty();
    }

    @Test
    void withOneOfThreeWorkersCrashedJobsGoOnlyToTheTwoLiveOnes() {
        Supervision pool = runningPool(0, 1, 2);
        crash(pool, 1);

        for (DispatchStrategy dispatch : List.of(new RoundRobin(), new LeastBusy())) {
            List<Integer> chosen = new ArrayList<>();
            for (int job = 0; job < 6; job++) {
                chosen.add(dispatch.choose(views(pool, 0, 1, 2)).orElseThrow());
            }
            assertThat(chosen).as(dispatch.name()).containsOnly(0, 2).contains(0, 2);
        }
    }

    @Test
    void thePoolStaysOperationalWhenOneWorkerCrashes() {
        Supervision pool = runningPool(0, 1, 2);
        RoundRobin dispatch = new RoundRobin();

        crash(pool, 0);

        assertThat(pool.status(1).alive()).isTrue();
        assertThat(pool.status(2).alive()).isTrue();
        assertThat(dispatch.choose(views(pool, 0, 1, 2))).isPresent();
        restart(pool, 0);
        assertThat(List.of(dispatch.choose(views(pool, 0, 1, 2)).orElseThrow(),
                dispatch.choose(views(pool, 0, 1, 2)).orElseThrow(),
                dispatch.choose(views(pool, 0, 1, 2)).orElseThrow())).containsExactlyInAnyOrder(0, 1, 2);
    }

    @Test
    void noWorkerIsChosenWhenAllAreDead() {
        assertThat(new RoundRobin().choose(List.of(SlotView.dead(0), SlotView.dead(1)))).isEmpty();
        assertThat(new LeastBusy().choose(List.of(SlotView.dead(0)))).isEmpty();
    }
}
