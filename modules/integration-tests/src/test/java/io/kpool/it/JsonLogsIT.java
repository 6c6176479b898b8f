package io.kpool.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kpool.client.JobSubmitter;
import io.kpool.client.Outcomes;
import io.kpool.client.Submission;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/** Logs for clusters: with KPOOL_LOG_FORMAT=json every line a role writes is one JSON object. */
@ExtendWith(SharedBroker.class)
class JsonLogsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void everyLineIsAJsonObjectAndAWorkersCrashNamesItsSlotIncarnationAndJob() throws Exception {
        try (TestPool pool = TestPool.empty(SharedBroker.bootstrap(), dir, 1).withKpoolLogging()
                .withEnv("KPOOL_LOG_FORMAT", "json");
             Outcomes outcomes = Outcomes.fromNow(pool.kafka());
             JobSubmitter submitter = new JobSubmitter(pool.kafka())) {
            // Given a pool whose roles log JSON
            pool.startSupervisor("it", List.of("--workers", "1"));
            pool.startDispatcher(List.of());
            pool.awaitAllAlive();

            // When a job crashes the worker once, and another is done
            Submission submission = pool.submit(submitter, List.of(-1, 4));
            TestPool.awaitOutcomes(outcomes, submission, Duration.ofSeconds(90));

            // Then every line of the supervisor's output (its workers' lines included) and of the
            // dispatcher's is a JSON object
            List<JsonNode> supervisor = objects(pool.dir().resolve("supervisor-it.log"));
            List<JsonNode> dispatcher = objects(pool.dir().resolve("dispatcher.log"));
            assertThat(dispatcher).isNotEmpty().allSatisfy(line ->
                    assertThat(line.at("/context/properties/role").asText()).isEqualTo("dispatcher"));
            assertThat(supervisor).anySatisfy(line -> {
                assertThat(line.at("/context/properties/role").asText()).isEqualTo("supervisor");
                assertThat(line.get("formattedMessage").asText()).contains("worker 0 crashed");
            });
            // And the worker's crash is one object with its slot, incarnation, job and stack trace
            assertThat(supervisor).anySatisfy(line -> {
                assertThat(line.at("/context/properties/role").asText()).isEqualTo("worker");
                assertThat(line.at("/context/properties/slot").asText()).isEqualTo("0");
                assertThat(line.at("/context/properties/incarnation").asText()).isEqualTo("1");
                assertThat(line.at("/mdc/jobId").asText()).isEqualTo("job-1");
                assertThat(line.get("level").asText()).isEqualTo("ERROR");
                assertThat(line.at("/throwable/message").asText()).contains("must not be negative, but was -1");
            });
        }
    }

    private static List<JsonNode> objects(Path log) throws Exception {
        List<JsonNode> objects = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (Exception e) {
                throw new AssertionError(log.getFileName() + ": a line that is not JSON: " + line, e);
            }
            assertThat(node.isObject()).as(log.getFileName() + ": " + line).isTrue();
            objects.add(node);
        }
        return objects;
    }
}
