package io.kpool.it;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The end-to-end run against Kafka in a container, the way users run it with Docker. Skipped
 * cleanly where no Docker engine runs.
 */
@Testcontainers(disabledWithoutDocker = true)
class KafkaContainerIT {

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.2");

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void aThousandJobsGiveAThousandCorrectResultsOnKafkaInAContainer() {
        PoolEndToEndIT.thousandJobsGiveAThousandCorrectResults(KAFKA.getBootstrapServers(), dir, List.of());
    }
}
