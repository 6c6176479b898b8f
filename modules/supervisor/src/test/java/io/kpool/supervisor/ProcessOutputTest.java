package io.kpool.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessOutputTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream echo = new ByteArrayOutputStream();

    private static InputStream text(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    private String echoed() {
        synchronized (echo) {
            return echo.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void inJsonAWorkersOwnJsonLinePassesAsItIsAndAnyOtherLineIsWrappedInOne() throws Exception {
        String own = "{\"level\":\"INFO\",\"message\":\"worker 3 takes its tasks\"}";
        String plain = "Exception in thread \"main\" java.lang.OutOfMemoryError: \"heap\"\tspace";

        String passed = new String(ProcessOutput.asJson("worker 3", own.getBytes(StandardCharsets.UTF_8),
                own.length(), own), StandardCharsets.UTF_8);
        String wrapped = new String(ProcessOutput.asJson("worker 3", plain.getBytes(StandardCharsets.UTF_8),
                plain.length(), plain), StandardCharsets.UTF_8);

        assertThat(passed).isEqualTo(own + "\n");
        JsonNode node = new ObjectMapper().readTree(wrapped);
        assertThat(wrapped).endsWith("}\n").doesNotContain("\t");
        assertThat(node.get("source").asText()).isEqualTo("worker 3");
        assertThat(node.get("formattedMessage").asText()).isEqualTo(plain);
        assertThat(node.get("level").asText()).isEqualTo("INFO");
    }

    @Test
    void everyLineReachesTheSupervisorsOutputTaggedAndTheLogFile() throws Exception {
        Path file = dir.resolve("worker-3.log");
        ProcessOutput output = new ProcessOutput("worker 3", new RollingLog(file, RollingLog.ROLL_AT), echo);

        output.read(text("started\r\nException in thread \"main\" boom\n\tat Handler.handle\nno newline at the end"), "t");
        output.drained(Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS);

        assertThat(echoed()).isEqualTo("[worker 3] started\n[worker 3] Exception in thread \"main\" boom\n"
                + "[worker 3] \tat Handler.handle\n[worker 3] no newline at the end\n");
        assertThat(Files.readAllLines(file)).containsExactly("started", "Exception in thread \"main\" boom",
                "\tat Handler.handle", "no newline at the end");
    }

    @Test
    void theEvidenceIsTheLastLinesAndIsCompleteOnceTheStreamsHaveEnded() throws Exception {
        ProcessOutput output = new ProcessOutput("worker 0", new RollingLog(dir.resolve("w.log"), RollingLog.ROLL_AT), echo);
        PipedOutputStream process = new PipedOutputStream();
        output.read(new PipedInputStream(process), "t");
        var drained = output.drained(Duration.ofSeconds(30));
        StringBuilder lines = new StringBuilder();
        for (int i = 1; i <= 50; i++) {
            lines.append("line ").append(i).append('\n');
        }
        process.write(lines.toString().getBytes(StandardCharsets.UTF_8));

        assertThat(drained).isNotDone();
        process.close();
        drained.get(10, TimeUnit.SECONDS);

        List<String> expected = new ArrayList<>();
        for (int i = 51 - ProcessOutput.TAIL_LINES; i <= 50; i++) {
            expected.add("line " + i);
        }
        assertThat(output.tail()).isEqualTo(expected);
    }

    @Test
    void drainedGivesUpWaitingForAStreamThatStaysOpen() throws Exception {
        ProcessOutput output = new ProcessOutput("worker 0", new RollingLog(dir.resolve("w.log"), RollingLog.ROLL_AT), echo);
        PipedOutputStream heldOpen = new PipedOutputStream();
        output.read(new PipedInputStream(heldOpen), "t");

        output.drained(Duration.ofMillis(200)).get(10, TimeUnit.SECONDS);

        heldOpen.close();
    }

    @Test
    void aLineTooLongIsPassedOnInPieces() throws Exception {
        ProcessOutput output = new ProcessOutput("worker 1", new RollingLog(dir.resolve("w.log"), RollingLog.ROLL_AT), echo);

        output.read(text("x".repeat(ProcessOutput.MAX_LINE + 5) + "\n"), "t");
        output.drained(Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS);

        assertThat(output.tail()).containsExactly("x".repeat(ProcessOutput.MAX_LINE), "xxxxx");
    }

    @Test
    void aSpareThatTakesASlotIsTaggedAndFiledAsThatSlotsWorkerFromThenOn() throws Exception {
        Path spareLog = dir.resolve("spare-1.log");
        Path slotLog = dir.resolve("worker-2.log");
        ProcessOutput output = new ProcessOutput("spare 1", new RollingLog(spareLog, RollingLog.ROLL_AT), echo);
        PipedOutputStream process = new PipedOutputStream();
        CountDownLatch ready = new CountDownLatch(1);
        output.read(new PipedInputStream(process), "t", line -> {
            if (line.equals("ready")) {
                ready.countDown();
                return true;
            }
            return false;
        });
        process.write("warming\nready\n".getBytes(StandardCharsets.UTF_8));
        process.flush();
        assertThat(ready.await(10, TimeUnit.SECONDS)).as("the ready line was taken").isTrue();

        output.relabel("worker 2", new RollingLog(slotLog, RollingLog.ROLL_AT));
        process.write("running slot 2\n".getBytes(StandardCharsets.UTF_8));
        process.close();
        output.drained(Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS);

        assertThat(echoed()).isEqualTo("[spare 1] warming\n[worker 2] running slot 2\n");
        assertThat(Files.readAllLines(spareLog)).containsExactly("warming");
        assertThat(Files.readAllLines(slotLog)).containsExactly("running slot 2");
        assertThat(output.tail()).containsExactly("running slot 2");
    }
}
