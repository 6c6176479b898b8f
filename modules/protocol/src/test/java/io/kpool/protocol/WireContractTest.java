package io.kpool.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.kpool.protocol.event.JobDeadLettered;
import io.kpool.protocol.event.PoolEvent;
import io.kpool.protocol.event.WorkerCrashed;
import io.kpool.protocol.event.WorkerRestarted;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The JSON shapes the README promises to any Kafka client. */
class WireContractTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsTheJobAClientWrites() {
        Job job = Json.decode(utf8("{\"id\":\"j1\",\"payload\":21}"), Job.class);

        assertThat(job.id()).isEqualTo("j1");
        assertThat(job.payload().intValue()).isEqualTo(21);
    }

    @Test
    void aReplayedJobSaysWhichDeadLetterItReplaysAndANewJobSaysNothingOfIt() {
        Job replayed = new Job("j1", Json.tree(utf8("21")), null, 2, new Job.Replay("kpool.dead-letters", 0, 17));

        JsonNode json = Json.tree(Json.encode(replayed));
        JsonNode fresh = Json.tree(Json.encode(new Job("j2", Json.tree(utf8("1")))));

        assertThat(json.get("attempt").intValue()).isEqualTo(2);
        assertThat(json.get("replayOf").toString())
                .isEqualTo("{\"topic\":\"kpool.dead-letters\",\"partition\":0,\"offset\":17}");
        assertThat(Json.decode(Json.encode(replayed), Job.class)).isEqualTo(replayed);
        assertThat(fresh.has("attempt")).isFalse();
        assertThat(fresh.has("replayOf")).isFalse();
    }

    @Test
    void aDeadLetterReasonIsFoundByItsWireNameOnly() {
        assertThat(DeadLetterReason.ofWireName("crashed_worker")).contains(DeadLetterReason.CRASHED_WORKER);
        assertThat(DeadLetterReason.ofWireName("CRASHED_WORKER")).isEmpty();
        assertThat(DeadLetterReason.ofWireName("crashed")).isEmpty();
        assertThat(DeadLetterReason.wireNames()).hasSize(DeadLetterReason.values().length).contains("not_json");
    }

    @Test
    void writesResultsWithJobIdOutputAndWorkerId() {
        Result result = new Result("j1", Json.tree(utf8("42")), 2, 1, 1, 10L, 12L);

        JsonNode json = Json.tree(Json.encode(result));

        assertThat(json.get("jobId").asText()).isEqualTo("j1");
        assertThat(json.get("output").intValue()).isEqualTo(42);
        assertThat(json.get("workerId").intValue()).isEqualTo(2);
    }

    @Test
    void writesEventsWithTheirTypeAndReadsThemBack() {
        PoolEvent crashed = new WorkerCrashed(3, 1, 4242, "exit", 1, null, "j9", 1000L);

        JsonNode json = Json.tree(Json.encode(crashed));
        PoolEvent back = Json.decode(Json.encode(crashed), PoolEvent.class);

        assertThat(json.get("type").asText()).isEqualTo("worker_crashed");
        assertThat(json.get("workerId").intValue()).isEqualTo(3);
        assertThat(json.has("signal")).as("absent values are left out").isFalse();
        assertThat(back).isEqualTo(crashed);
    }

    @Test
    void everyEventKindHasItsWireName() {
        assertThat(Json.tree(Json.encode(new WorkerRestarted(1, 2, 3, 1, 250, 9))).get("type").asText())
                .isEqualTo("worker_restarted");
        assertThat(Json.tree(Json.encode(new JobDeadLettered("j", "not_json", null, 9))).get("type").asText())
                .isEqualTo("job_dead_lettered");
    }

    @Test
    void ignoresFieldsItDoesNotKnow() {
        Job job = Json.decode(utf8("{\"id\":\"j1\",\"payload\":1,\"priority\":\"high\"}"), Job.class);

        assertThat(job.id()).isEqualTo("j1");
    }

    @Test
    void namesWhereMalformedJsonBreaks() {
        assertThatThrownBy(() -> Json.tree(utf8("{\"id\": ")))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("line 1");
        assertThatThrownBy(() -> Json.tree(utf8("")))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void derivesEveryNameFromThePrefix() {
        Topics topics = new Topics("acme");

        assertThat(topics.all()).containsExactly("acme.jobs", "acme.tasks", "acme.results", "acme.dead-letters",
                "acme.heartbeats", "acme.workers", "acme.events", "acme.positions", "acme.delayed",
                "acme.cancels");
        assertThat(topics.workerGroup(3)).isEqualTo("acme-worker-3");
        assertThat(topics.dispatcherGroup()).isEqualTo("acme-dispatcher");
    }

    @Test
    void rejectsAPrefixKafkaCannotName() {
        assertThatThrownBy(() -> new Topics("my pool"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'my pool'");
        assertThatThrownBy(() -> new Topics(" "))
                .hasMessageContaining("blank");
    }

    @Test
    void cancellationSpeaksTheShapesTheReadmePromises() {
        assertThat(Json.tree(Json.encode(new CancelRequest("j1"))).toString()).isEqualTo("{\"cancel\":\"j1\"}");
        assertThat(Json.tree(Json.encode(new CancelOrder("j1", 10, 12))).toString())
                .isEqualTo("{\"jobId\":\"j1\",\"submittedAt\":10,\"at\":12}");
        var refused = Json.tree(Json.encode(new io.kpool.protocol.event.CancelRefused("j1", "unknown", 9)));
        assertThat(refused.get("type").asText()).isEqualTo("cancel_refused");
        assertThat(refused.get("reason").asText()).isEqualTo("unknown");
        var stopped = Json.tree(Json.encode(new io.kpool.protocol.event.WorkerStopped(1, 2, 5, "cancelled", 9, "j1")));
        assertThat(stopped.get("type").asText()).isEqualTo("worker_stopped");
        assertThat(stopped.get("jobId").asText()).isEqualTo("j1");
        assertThat(Json.decode(Json.encode(new io.kpool.protocol.event.CancelRefused("j1", "unknown", 9)),
                io.kpool.protocol.event.PoolEvent.class)).isInstanceOf(io.kpool.protocol.event.CancelRefused.class);
        assertThat(DeadLetterReason.ofWireName("cancelled")).contains(DeadLetterReason.CANCELLED);
    }
}
