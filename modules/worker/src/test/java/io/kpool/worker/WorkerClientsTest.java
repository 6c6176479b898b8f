package io.kpool.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.kpool.protocol.Topics;
import io.kpool.transport.KafkaSettings;
import io.kpool.transport.security.ClientProperties;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A worker's client tuning: kpool's values, unless the user's client properties say otherwise. */
class WorkerClientsTest {

    private static final KafkaSettings PLAIN = new KafkaSettings("localhost:9092", Topics.ofDefaults());

    @Test
    void kpoolsTuningStandsWhereTheUsersFileIsSilent() {
        assertThat(WorkerClients.taskConsumer(PLAIN, "w", 100)).containsEntry("fetch.max.wait.ms", 50)
                .containsEntry("max.poll.records", 100).containsEntry("metric.reporters", "");
        assertThat(WorkerClients.heartbeatProducer(PLAIN, "w")).containsEntry("linger.ms", 0);
        assertThat(WorkerClients.admin(PLAIN, "w")).containsEntry("retry.backoff.max.ms", 50);
        assertThat(WorkerClients.evacuatorProducer(PLAIN, 3)).containsEntry("metric.reporters", "")
                .containsEntry("transactional.id", PLAIN.topics().workerTransactionalId(3));
    }

    @Test
    void theUsersTuningWinsOnEveryClientOfTheWorker() {
        KafkaSettings tuned = PLAIN.withClient(ClientProperties.of("--kafka-config", null, Map.of(
                "fetch.max.wait.ms", "200", "linger.ms", "2", "retry.backoff.max.ms", "500",
                "metric.reporters", "org.apache.kafka.common.metrics.JmxReporter")));

        assertThat(WorkerClients.taskConsumer(tuned, "w", 100)).containsEntry("fetch.max.wait.ms", "200")
                .containsEntry("max.poll.records", 100)
                .containsEntry("metric.reporters", "org.apache.kafka.common.metrics.JmxReporter");
        assertThat(WorkerClients.heartbeatProducer(tuned, "w")).containsEntry("linger.ms", "2");
        assertThat(WorkerClients.transactionalProducer(tuned, "w", "tx")).containsEntry("linger.ms", "2");
        assertThat(WorkerClients.admin(tuned, "w")).containsEntry("retry.backoff.max.ms", "500")
                .containsEntry("retry.backoff.ms", 5);
    }
}
