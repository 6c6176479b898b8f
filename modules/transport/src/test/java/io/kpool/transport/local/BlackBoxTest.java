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
        box.begin(17, "j17");

        assertThat(BlackBox.culprit(file, 3)).contains(new Culprit(17, "j17"));
    }

    @Test
    void saysNothingOfAWorkerThatWasIdle() {
        Path file = dir.resolve("worker-0.blackbox");
        BlackBox box = BlackBox.open(file, 42, 3);
        box.begin(17, "j17");
        box.done(18);

        assertThat(BlackBox.culprit(file, 3)).isEmpty();
    }

    @Test
    void doesNotBlameTheJobOfAnEarlierIncarnationOnOneThatDiedBeforeOpeningItsOwn() {
        Path file = dir.resolve("worker-0.blackbox");
        BlackBox.open(file, 42, 3).begin(17, "j17");

        assertThat(BlackBox.culprit(file, 4)).as("incarnation 4 died before it wrote anything").isEmpty();
    }

    @Test
    void letsTheSupervisorReadALiveWorkersBeatWithoutKafka() {
        Path file = dir.resolve("worker-0.blackbox");
        BlackBox box = BlackBox.open(file, 42, 5);
        box.beat(1234);
        box.done(1);

        try (BlackBox.Reader reader = new BlackBox.Reader(file)) {
            assertThat(reader.read()).hasValueSatisfying(r -> {
                assertThat(r.incarnation()).isEqualTo(5);
                assertThat(r.beatAt()).isEqualTo(1234);
                assertThat(r.busySince()).isNull();
                assertThat(r.processed()).isEqualTo(1);
            });
        }
    }
}
