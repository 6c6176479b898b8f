package io.kpool.it;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The end-to-end run against Kafka in a container, the way users run it with Testcontainers: the
 * image is {@code KPOOL_KAFKA_IMAGE} (a local stand-in from scripts/docker-local.sh) or, by
 * default, the official apache/kafka image. Skipped, with the reason, where no Docker engine
 * answers or the image is neither here nor pullable.
 */
@ExtendWith(ContainerEngine.class)
@Testcontainers(disabledWithoutDocker = true)
class KafkaContainerIT {

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer(
            DockerImageName.parse(ContainerEngine.kafkaImage()).asCompatibleSubstituteFor("apache/kafka"));

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void aThousandJobsGiveAThousandCorrectResultsOnKafkaInAContainer() {
        PoolEndToEndIT.thousandJobsGiveAThousandCorrectResults(KAFKA.getBootstrapServers(), dir, List.of());
    }
}
