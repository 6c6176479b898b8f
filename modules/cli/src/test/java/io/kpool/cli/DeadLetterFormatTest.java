package io.kpool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kpool.client.DeadLetterRecord;
import io.kpool.protocol.DeadLetter;
import io.kpool.protocol.Json;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How kpool dead-letters shows a dead letter to a person, and to a script. */
class DeadLetterFormatTest {

    private final DeadLetterFormat format = new DeadLetterFormat(ZoneOffset.UTC);

    @Test
    void aPoisonJobShowsEachCrashAndTheLastLinesOfTheLast() {
        DeadLetter letter = new DeadLetter("j-3", "crashed_worker", "job j-3 crashed worker 1 2 times (exit 1, signal KILL)",
                "{\"jobId\":\"j-3\",\"payload\":-1}", "utf8", new DeadLetter.Origin("kpool.tasks", 1, 17), 61_000,
                new DeadLetter.Evidence(1, List.of(
                        new DeadLetter.Crash(1, 501, 1, null, 1_000, List.of("first")),
                        new DeadLetter.Crash(2, 502, null, "KILL", 2_500, List.of("crashed: boom", "\tat X.y")))));

        String block = format.block(new DeadLetterRecord("kpool.dead-letters", 0, 4, letter));

        assertThat(block).isEqualTo(String.join(System.lineSeparator(),
                "kpool.dead-letters-0@4  crashed_worker  job j-3  1970-01-01 00:01:01.000",
                "  detail   job j-3 crashed worker 1 2 times (exit 1, signal KILL)",
                "  origin   kpool.tasks-1@17",
                "  raw      {\"jobId\":\"j-3\",\"payload\":-1}",
                "  crashes  worker 1, 2 crashes:",
                "           00:00:01.000  incarnation 1, pid 501, exit 1",
                "           00:00:02.500  incarnation 2, pid 502, signal KILL",
                "  stderr   the last lines incarnation 2 wrote:",
                "           | crashed: boom",
                "           | \tat X.y",
                ""));
    }

    @Test
    void malformedInputShowsItsRawValueCutAndMarkedWhenItIsNotText() {
        String longText = "x".repeat(DeadLetterFormat.RAW_WIDTH + 50);
        DeadLetter text = new DeadLetter(null, "not_json", "Unrecognized token", longText, "utf8",
                new DeadLetter.Origin("kpool.jobs", 2, 9), 0, null);
        DeadLetter binary = new DeadLetter(null, "not_json", "bad", "//4=", "base64",
                new DeadLetter.Origin("kpool.jobs", 2, 10), 0, null);

        assertThat(format.block(new DeadLetterRecord("kpool.dead-letters", 0, 1, text)))
                .contains("kpool.dead-letters-0@1  not_json  (no job id)")
                .contains("  raw      " + "x".repeat(DeadLetterFormat.RAW_WIDTH) + "... (250 chars; --json has it whole)")
                .doesNotContain("crashes");
        assertThat(format.block(new DeadLetterRecord("kpool.dead-letters", 0, 2, binary)))
                .contains("  raw      //4=   (Base64: not UTF-8)");
    }

    @Test
    void theJsonOfADeadLetterIsItsPositionAndTheLetterAsOnTheWire() {
        DeadLetter letter = new DeadLetter("j1", "unknown_handler", "no handler named 'x'", "{\"id\":\"j1\"}", "utf8",
                new DeadLetter.Origin("kpool.jobs", 0, 3), 7, null);

        var json = Json.tree(Json.text(new DeadLetterRecord("kpool.dead-letters", 0, 5, letter))
                .getBytes(StandardCharsets.UTF_8));

        assertThat(json.get("topic").asText()).isEqualTo("kpool.dead-letters");
        assertThat(json.get("offset").asLong()).isEqualTo(5);
        assertThat(Json.convert(json.get("letter"), DeadLetter.class)).isEqualTo(letter);
        assertThat(json.has("position")).as("only the record's fields").isFalse();
    }
}
