package io.kpool.transport.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.kpool.core.supervision.Culprit;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlackBoxTest {

    @TempDir
    Path dir;

    @Test
    void namesTheTaskADeadWorkerWasRunning() {
        Path file = dir.resolve("worker-0.blackbox");
        BlackBox box = BlackBox.open(file, 42, 3);
        box.begin(0, 17, "j17");

        assertThat(BlackBox.culprits(file, 3)).containsExactly(new Culprit(17, "j17"));
    }

    @Test
    void saysNothingOfAWorkerThatWasIdle() {
        Path file = dir.resolve("worker-0.blackbox");
        BlackBox box = BlackBox.open(file, 42, 3);
        box.begin(0, 17, "j17");
        box.end(0);

        assertThat(BlackBox.culprits(file, 3)).isEmpty();
    }

    @Test
    void namesEveryTaskAWorkerRunningSeveralAtOnceWasRunning() {
        Path file = dir.resolve("worker-0.blackbox");
        BlackBox box = BlackBox.open(file, 42, 3, 4);
        box.begin(2, 30, "j30");
        box.begin(0, 31, "j31");
        box.begin(1, 32, "j32");
        box.end(0);

        assertThat(BlackBox.culprits(file, 3)).containsExactlyInAnyOrder(new Culprit(30, "j30"), new Culprit(32, "j32"));
        assertThat(box.running()).isEqualTo(2);
        assertThat(box.currentJob()).isIn("j30", "j32");
    }

    @Test
    void aTaskThatFailedIsTheOnlyOneBlamedForTheDeathItCauses() {
        Path file = dir.resolve("worker-0.blackbox");
        BlackBox box = BlackBox.open(file, 42, 3, 4);
        box.begin(0, 30, "j30");
        box.begin(1, 31, "j31");
        box.begin(3, 33, "j33");

        box.blameOnly(1);

        assertThat(BlackBox.culprits(file, 3)).containsExactly(new Culprit(31, "j31"));
    }

    @Test
    void doesNotBlameTheJobOfAnEarlierIncarnationOnOneThatDiedBeforeOpeningItsOwn() {
        Path file = dir.resolve("worker-0.blackbox");
        BlackBox.open(file, 42, 3).begin(0, 17, "j17");

        assertThat(BlackBox.culprits(file, 4)).as("incarnation 4 died before it wrote anything").isEmpty();
    }

    @Test
    void letsTheSupervisorReadALiveWorkersBeatWithoutKafka() {
        Path file = dir.resolve("worker-0.blackbox");
        BlackBox box = BlackBox.open(file, 42, 5, 2);
        box.beat(1234);
        box.begin(1, 0, "j0");
        box.end(1);
        box.begin(0, 1, "j1");

        try (BlackBox.Reader reader = new BlackBox.Reader(file)) {
            assertThat(reader.read()).hasValueSatisfying(r -> {
                assertThat(r.incarnation()).isEqualTo(5);
                assertThat(r.beatAt()).isEqualTo(1234);
                assertThat(r.busySince()).isNotNull();
                assertThat(r.processed()).isEqualTo(1);
            });
        }
    }

    @Test
    void namesTheJobAWorkerStoppedForBecauseItWasCancelled() {
        Path file = dir.resolve("cancel.box");
        BlackBox box = BlackBox.open(file, 1, 7);
        box.begin(0, 3, "j3");
        assertThat(BlackBox.cancelledJob(file, 7)).isEmpty();

        box.cancelled("j3");

        assertThat(BlackBox.cancelledJob(file, 7)).contains("j3");
        assertThat(BlackBox.cancelledJob(file, 6)).as("another incarnation's").isEmpty();
        BlackBox.open(file, 2, 8).close();
        assertThat(BlackBox.cancelledJob(file, 8)).as("a new incarnation starts with none").isEmpty();
    }
}
