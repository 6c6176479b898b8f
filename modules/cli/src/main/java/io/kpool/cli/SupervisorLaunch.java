package io.kpool.cli;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What {@code kpool up} asks of the supervisor process it starts, as typed values: written as a
 * command line by {@link SupervisorArguments#encode} and read back by {@link RunSupervisor#launch()}.
 *
 * @param bootstrap         Kafka bootstrap servers
 * @param prefix            the pool's topic prefix
 * @param kafkaConfig       the supervisor's client properties file, or null for none
 * @param workerKafkaConfig its workers' client properties file, or null for the supervisor's
 * @param workers           how many slots it supervises, 0..workers-1
 * @param name              its name in slot states and events, or null for the host name
 * @param runDir            where worker logs and black boxes go, or null for a new temporary directory
 * @param httpPort          the port of /metrics, /healthz and /readyz, or null for none
 * @param parentPid         the process it exits with, or 0
 * @param supervision       how it treats its workers
 */
record SupervisorLaunch(String bootstrap, String prefix, Path kafkaConfig, Path workerKafkaConfig, int workers,
                        String name, Path runDir, Integer httpPort, long parentPid, SupervisionLaunch supervision) {

    SupervisorLaunch {
        Objects.requireNonNull(bootstrap, "bootstrap cannot be null");
        Objects.requireNonNull(prefix, "prefix cannot be null");
        Objects.requireNonNull(supervision, "supervision cannot be null");
    }
}
