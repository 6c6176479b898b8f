package io.kpool.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.kpool.core.handler.HandlerCatalog;
import io.kpool.core.intake.IntakeLimits;
import io.kpool.protocol.Topics;
import io.kpool.transport.KafkaSettings;
import io.kpool.transport.security.ClientProperties;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The dispatcher's client tuning: kpool's values, unless the user's client properties say otherwise. */
class DispatcherConfigTest {

    private static DispatcherConfig config(Map<String, String> userProperties) {
        KafkaSettings kafka = new KafkaSettings("localhost:9092", Topics.ofDefaults())
                .withClient(ClientProperties.of("--kafka-config", null, userProperties));
        return new DispatcherConfig(kafka, "d1", "round-robin", IntakeLimits.ofDefaults(), Duration.ofSeconds(3), 0,
                null, "double", HandlerCatalog.none(), Duration.ZERO);
    }

    @Test
    void kpoolsTuningStandsWhereTheUsersFileIsSilent() {
        DispatcherConfig config = config(Map.of());

        assertThat(config.jobsConsumer()).containsEntry("session.timeout.ms", 10_000)
                .containsEntry("heartbeat.interval.ms", 2_000).containsEntry("fetch.max.bytes", 16 * 1024 * 1024)
                .containsEntry("max.poll.records", 2000);
        assertThat(config.transactionalProducer()).containsEntry("metadata.max.age.ms", 1000)
                .containsEntry("linger.ms", 5);
    }

    @Test
    void theUsersTuningWinsOnTheDispatchersClients() {
        DispatcherConfig config = config(Map.of("session.timeout.ms", "45000", "heartbeat.interval.ms", "3000",
                "metadata.max.age.ms", "5000", "linger.ms", "0"));

        assertThat(config.jobsConsumer()).containsEntry("session.timeout.ms", "45000")
                .containsEntry("heartbeat.interval.ms", "3000").containsEntry("fetch.max.bytes", 16 * 1024 * 1024);
        assertThat(config.transactionalProducer()).containsEntry("metadata.max.age.ms", "5000")
                .containsEntry("linger.ms", "0").containsEntry("transactional.id", "kpool-dispatcher-d1");
    }
}
