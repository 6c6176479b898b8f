package io.kpool.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RollingLogTest {

    @TempDir
    Path dir;

    private static void append(RollingLog log, String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        log.append(bytes, bytes.length);
    }

    @Test
    void keepsTheLatestLinesInTheFileAndTheOnesBeforeInOneOlderFile() throws Exception {
        Path file = dir.resolve("worker-0.log");
        try (RollingLog log = new RollingLog(file, 20)) {
            for (int i = 1; i <= 7; i++) {
                append(log, "line " + i);
            }
        }

        assertThat(Files.readAllLines(file)).containsExactly("line 7");
        assertThat(Files.readAllLines(dir.resolve("worker-0.log.1"))).containsExactly("line 5", "line 6");
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("worker-0.log",
                    "worker-0.log.1");
        }
    }

    @Test
    void appendsToWhatAnEarlierSupervisorLeftAndCountsItTowardsTheBound() throws Exception {
        Path file = dir.resolve("worker-1.log");
        Files.writeString(file, "from before\n");
        try (RollingLog log = new RollingLog(file, 30)) {
            append(log, "first");
            append(log, "second, too long to fit");
        }

        assertThat(Files.readAllLines(dir.resolve("worker-1.log.1"))).containsExactly("from before", "first");
        assertThat(Files.readAllLines(file)).containsExactly("second, too long to fit");
    }

    @Test
    void aLineLongerThanTheBoundStillGoesInWhole() throws Exception {
        Path file = dir.resolve("train.log");
        try (RollingLog log = new RollingLog(file, 4)) {
            append(log, "longer than four");
            append(log, "next");
        }

        assertThat(Files.readAllLines(dir.resolve("train.log.1"))).containsExactly("longer than four");
        assertThat(Files.readAllLines(file)).isEqualTo(List.of("next"));
    }
}
