package io.kpool.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.kpool.client.WorkerRow;
import io.kpool.protocol.event.WorkerCrashed;
import io.kpool.protocol.event.WorkerRestarted;
import io.kpool.protocol.event.WorkerStopped;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/** one_for_all and rest_for_one with real worker processes. */
@ExtendWith(SharedBroker.class)
class StrategiesIT {

    private static final Duration A_WHILE = Duration.ofSeconds(90);

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    private static Map<Integer, Long> incarnations(TestPool pool) {
        return pool.status().stream().collect(Collectors.toMap(WorkerRow::workerId, WorkerRow::incarnation));
    }

    @Test
    void oneForAllRestartsEveryWorkerWhenOneCrashes() throws Exception {
        try (TestPool pool = TestPool.start(SharedBroker.bootstrap(), dir, 3, List.of("--strategy", "one_for_all"),
                List.of())) {
            pool.signal(1, "KILL");

            for (int slot = 0; slot < 3; slot++) {
                int s = slot;
                pool.events().await(WorkerRestarted.class, r -> r.workerId() == s && r.incarnation() == 2, A_WHILE);
            }
            assertThat(pool.events().of(WorkerCrashed.class)).singleElement()
                    .satisfies(c -> assertThat(c.workerId()).isEqualTo(1));
            assertThat(pool.events().of(WorkerStopped.class)).extracting(WorkerStopped::workerId)
                    .containsExactlyInAnyOrder(0, 2);
            assertThat(pool.events().of(WorkerStopped.class)).allSatisfy(
                    e -> assertThat(e.reason()).isEqualTo("restart_group"));
            pool.awaitAllAlive();
            assertThat(incarnations(pool)).containsEntry(0, 2L).containsEntry(1, 2L).containsEntry(2, 2L);
        }
    }

    @Test
    void restForOneRestartsTheCrashedWorkerAndThoseStartedAfterIt() throws Exception {
        try (TestPool pool = TestPool.start(SharedBroker.bootstrap(), dir, 3, List.of("--strategy", "rest_for_one"),
                List.of())) {
            pool.signal(1, "KILL");

            pool.events().await(WorkerRestarted.class, r -> r.workerId() == 1, A_WHILE);
            pool.events().await(WorkerRestarted.class, r -> r.workerId() == 2, A_WHILE);
            pool.awaitAllAlive();

            assertThat(incarnations(pool)).containsEntry(0, 1L).containsEntry(1, 2L).containsEntry(2, 2L);
            assertThat(pool.events().of(WorkerStopped.class)).extracting(WorkerStopped::workerId).containsExactly(2);
        }
    }
}
