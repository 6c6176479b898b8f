package io.kpool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kpool.client.DeadLetterReader;
import io.kpool.client.DeadLetterRecord;
import io.kpool.client.DeadLetterSelection;
import io.kpool.client.PoolHealth;
import io.kpool.client.ReplayDecision;
import io.kpool.protocol.DeadLetter;
import io.kpool.protocol.Job;
import io.kpool.protocol.Json;
import io.kpool.protocol.Result;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the operator commands print: replay's lines, status --check's verdict, submit --json, dead-letters' summary. */
class OperatorOutputTest {

    private static final DeadLetter POISON = new DeadLetter("j1", "crashed_worker", "d", "{}", "utf8",
            new DeadLetter.Origin("kpool.tasks", 0, 1), 0, null);

    @Test
    void replaySaysWhatItDidWithEachDeadLetterAndSumsUp() {
        DeadLetterRecord letter = new DeadLetterRecord("kpool.dead-letters", 0, 3, POISON);
        List<ReplayDecision> decisions = List.of(
                new ReplayDecision(letter, ReplayDecision.Action.REPLAY, new Job("j1", null), "job j1 as attempt 2 to kpool.jobs"),
                new ReplayDecision(letter, ReplayDecision.Action.ALREADY_REPLAYED, null, "already replayed as kpool.jobs-0@7"),
                new ReplayDecision(letter, ReplayDecision.Action.NOT_REPLAYABLE, null, "malformed: ..."));

        assertThat(ReplayCommand.line(decisions.get(0), false))
                .isEqualTo("replayed        kpool.dead-letters-0@3  crashed_worker  job j1 as attempt 2 to kpool.jobs");
        assertThat(ReplayCommand.line(decisions.get(0), true)).startsWith("would replay    kpool.dead-letters-0@3");
        assertThat(ReplayCommand.line(decisions.get(1), false)).startsWith("skipped         kpool.dead-letters-0@3");
        assertThat(ReplayCommand.line(decisions.get(2), false)).startsWith("not replayable  kpool.dead-letters-0@3");
        assertThat(ReplayCommand.summary(decisions, false, "kpool.dead-letters"))
                .isEqualTo("replayed 1 of 3 dead letters chosen (1 already replayed, 1 not replayable)");
        assertThat(ReplayCommand.summary(decisions.subList(0, 1), true, "kpool.dead-letters"))
                .isEqualTo("would replay 1 of 1 dead letters chosen; --dry-run: nothing written");
        assertThat(ReplayCommand.summary(List.of(), false, "kpool.dead-letters"))
                .isEqualTo("no dead letter on kpool.dead-letters was chosen");
    }

    @Test
    void statusCheckSaysOkInOneLineOrOneLinePerUnwellWorker() {
        Status.Check well = new Status.Check(true, 4, List.of());
        Status.Check unwell = new Status.Check(false, 4, List.of(
                new PoolHealth.Problem(1, List.of("down"), "down (state stopped, last exit: exit 0)"),
                new PoolHealth.Problem(3, List.of("quarantined"), "quarantined (...)")));

        assertThat(Status.verdict(well, "kpool.workers", Duration.ofSeconds(3)))
                .isEqualTo("ok: 4 workers alive, each heard from within the heartbeat timeout of 3s" + System.lineSeparator());
        assertThat(Status.verdict(unwell, "kpool.workers", Duration.ofSeconds(3)).lines()).containsExactly(
                "worker 1: down (state stopped, last exit: exit 0)", "worker 3: quarantined (...)");
        assertThat(Status.verdict(new Status.Check(false, 0, List.of()), "kpool.workers", Duration.ofSeconds(3)))
                .startsWith("no workers known on kpool.workers");
        assertThat(Json.text(unwell)).startsWith("{\"healthy\":false,\"workers\":4,\"problems\":[{\"workerId\":1,"
                + "\"kinds\":[\"down\"],\"detail\":\"down (state stopped, last exit: exit 0)\"}");
    }

    @Test
    void submitJsonIsTheSummaryWithEachOutcomeAndLeavesOutWhatItDidNotWaitFor() {
        Result result = new Result("r-1", Json.tree("10".getBytes(StandardCharsets.UTF_8)), 0, 1, 1, 5, 9);
        SubmitReport report = new SubmitReport("kpool.jobs", 3, 1, 1, 1, 0, 1.5, 1.3,
                List.of(SubmitReport.Outcome.of(result), SubmitReport.Outcome.of(POISON)), List.of("r-3"));

        var json = Json.tree(Json.encode(report));

        assertThat(json.get("sent").asInt()).isEqualTo(3);
        assertThat(json.get("outcomes").get(0).get("result").get("output").asInt()).isEqualTo(10);
        assertThat(json.get("outcomes").get(0).has("deadLetter")).isFalse();
        assertThat(json.get("outcomes").get(1).get("deadLetter").get("reason").asText()).isEqualTo("crashed_worker");
        assertThat(json.get("missingIds").get(0).asText()).isEqualTo("r-3");
        assertThat(Json.text(SubmitReport.sent("kpool.jobs", 2))).isEqualTo("{\"topic\":\"kpool.jobs\",\"sent\":2}");
    }

    @Test
    void deadLettersSumsUpWhatItShowedOfWhatItRead() {
        DeadLetterReader.Tally tally = new DeadLetterReader.Tally(5, 2, 0);

        assertThat(DeadLettersCommand.summary(tally, Map.of("crashed_worker", 2L), "kpool.dead-letters",
                DeadLetterSelection.ofReason("--reason", "crashed_worker")))
                .isEqualTo("2 of 5 dead letters on kpool.dead-letters (crashed_worker: 2)");
        assertThat(DeadLettersCommand.summary(new DeadLetterReader.Tally(0, 0, 0), Map.of(), "kpool.dead-letters",
                DeadLetterSelection.all())).isEqualTo("0 dead letters on kpool.dead-letters");
    }
}
