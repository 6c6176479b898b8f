package io.kpool.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import io.kpool.core.handler.HandlerCatalog;
import io.kpool.core.supervision.SupervisorPolicy;
import io.kpool.protocol.Topics;
import io.kpool.transport.KafkaSettings;
import io.kpool.transport.security.ClientProperties;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SupervisorConfigTest {

    private final Path runDir = Path.of("run");

    @Test
    void aWorkerIsLaunchedWithTheSupervisorsSettingsAndTheSupervisorAsItsParent() {
        WorkerLaunch.Run run = new WorkerLaunch.Run(3, 7, runDir.resolve("worker-3.blackbox"),
                runDir.resolve("worker-3.poison.json"));

        WorkerLaunch launch = config(new KafkaSettings("localhost:9", new Topics("t")), null).workerLaunch(run);

        assertThat(launch).isEqualTo(new WorkerLaunch("localhost:9", "t", null, "double", null,
                Duration.ofMillis(500), 1, run, ProcessHandle.current().pid()));
    }

    @Test
    void anEvacuationRunsWithTheSupervisorsOwnClientPropertiesAndEveryOtherProcessWithTheWorkers() {
        Path own = Path.of("supervisor.properties");
        Path workers = Path.of("workers.properties");
        SupervisorConfig config = config(new KafkaSettings("localhost:9", new Topics("t"),
                ClientProperties.of("--kafka-config", own, Map.of())), workers);

        assertThat(config.workerLaunch(new WorkerLaunch.Evacuate(3, 7, null, Duration.ofSeconds(6))).kafkaConfig())
                .isEqualTo(own);
        assertThat(config.workerLaunch(new WorkerLaunch.Run(3, 7, null, null)).kafkaConfig()).isEqualTo(workers);
        assertThat(config.workerLaunch(new WorkerLaunch.Spare()).kafkaConfig()).isEqualTo(workers);
        assertThat(config.workerLaunch(new WorkerLaunch.Train()).kafkaConfig()).isEqualTo(workers);
    }

    private SupervisorConfig config(KafkaSettings kafka, Path workerKafkaConfig) {
        return new SupervisorConfig(kafka, "s", List.of(0), SupervisorPolicy.ofDefaults(), "double",
                HandlerCatalog.none(), Duration.ofMillis(500), runDir, List.of("java"), launch -> List.of("worker"), 0,
                null, 0, null, workerKafkaConfig, 1);
    }
}
