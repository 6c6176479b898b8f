package io.kpool.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import io.kpool.core.handler.HandlerCatalog;
import io.kpool.core.supervision.SupervisorPolicy;
import io.kpool.protocol.Topics;
import io.kpool.transport.KafkaSettings;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression of issue 13, item 3: the end of a process reached the supervisor on a JDK reaper (or
 * output reader) thread, which then judged it there, reading state the loop's thread owns. Now that
 * thread only posts the exit; the loop's thread (here, the test's) reads what it means.
 */
class ProcessSpawnerTest {

    @TempDir
    Path runDir;

    private final BlockingQueue<ProcessExit> mailbox = new LinkedBlockingQueue<>();
    private WorkerFiles files;

    @AfterEach
    void closeFiles() {
        if (files != null) {
            files.close();
        }
    }

    @Test
    void aRefusedSpareReachesTheMailboxAsItsExitAloneAndIsJudgedByWhoeverTakesIt() throws Exception {
        try (ProcessSpawner spawner = spawner(config(1, null))) {
            // Given a spare that Kafka refuses (exit 2)
            spawner.keepSpares();

            // When its end is taken from the mailbox
            ProcessExit exit = mailbox.poll(10, TimeUnit.SECONDS);

            // Then it is a spare's exit, and its refusal is read on this thread
            assertThat(exit).isInstanceOf(ProcessExit.Spare.class);
            assertThat(((ProcessExit.Spare) exit).refusal()).hasValueSatisfying(why ->
                    assertThat(why).startsWith("a spare worker (pid " + exit.pid() + ") was refused: "));
        }
    }

    @Test
    void theTrainingRunsEndReachesTheMailboxAsItsExitAlone() throws Exception {
        try (ProcessSpawner spawner = spawner(config(0, runDir.resolve("cds")))) {
            spawner.prepare();

            ProcessExit exit = mailbox.poll(10, TimeUnit.SECONDS);

            assertThat(exit).isInstanceOf(ProcessExit.Training.class);
            spawner.trained((ProcessExit.Training) exit);
            assertThat(mailbox).isEmpty();
        }
    }

    private ProcessSpawner spawner(SupervisorConfig config) {
        files = new WorkerFiles(config.runDir());
        return new ProcessSpawner(config, files, OutputStream.nullOutputStream(), mailbox::add, Clock.systemUTC());
    }

    /** Workers that are {@code sh -c 'sleep 0.5; exit 2'}: refused soon after their start, as by a Kafka that denies them. */
    private SupervisorConfig config(int spares, Path classDataDir) {
        return new SupervisorConfig(new KafkaSettings("localhost:9", new Topics("t")), "s", List.of(0),
                SupervisorPolicy.ofDefaults(), "double", HandlerCatalog.none(), Duration.ofMillis(500), runDir,
                List.of("/bin/sh", "-c", "sleep 0.5; exit 2", "sh"), launch -> List.of("worker"), 0, null, spares,
                classDataDir, null, 1);
    }
}
