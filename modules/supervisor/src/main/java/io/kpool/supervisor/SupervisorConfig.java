package io.kpool.supervisor;

import io.kpool.core.config.Require;
import io.kpool.core.handler.HandlerCatalog;
import io.kpool.core.supervision.SupervisorPolicy;
import io.kpool.transport.KafkaSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Everything a supervisor needs, checked once at start.
 *
 * @param kafka             where Kafka is and the topic names
 * @param name              the supervisor's name, published with its slots' states
 * @param slots             the slots it owns
 * @param policy            how it treats its workers
 * @param handler           the job handler its workers run for jobs that name none: a name, or
 *                          {@code exec:<command>}
 * @param handlers          the named handlers ({@code --handlers-file}), passed on to its workers
 * @param heartbeatInterval how often its workers heartbeat
 * @param runDir            where worker logs, black boxes and poison files go
 * @param workerCommand     how to start kpool ({@code java ... -cp ... main}); the arguments of a
 *                          {@link WorkerLaunch} are appended
 * @param workerArguments   how a {@link WorkerLaunch} is written as those arguments
 * @param parentPid         the process to exit with, or 0
 * @param healthFile        a file to keep fresh while the loop runs, or null
 * @param spares            how many warm spare worker processes to keep ready
 * @param classDataDir      where worker class-data archives are kept, or null for none
 * @param workerKafkaConfig the client properties file its workers, spares and training run use (a path
 *                          on their command line, never a secret), or null for the supervisor's own;
 *                          evacuations run with the supervisor's own
 * @param concurrency       the most tasks each worker runs at once
 */
public record SupervisorConfig(KafkaSettings kafka, String name, List<Integer> slots, SupervisorPolicy policy,
                               String handler, HandlerCatalog handlers, Duration heartbeatInterval, Path runDir, List<String> workerCommand,
                               WorkerLaunch.Encoder workerArguments, long parentPid, Path healthFile, int spares, Path classDataDir,
                               Path workerKafkaConfig, int concurrency) {

    public SupervisorConfig {
        Require.notNull("kafka", kafka);
        Require.notBlank("name", name);
        if (slots == null || slots.isEmpty()) {
            throw new io.kpool.core.config.ConfigException("slots", "must give the supervisor at least one slot");
        }
        slots = List.copyOf(slots);
        Require.notNull("policy", policy);
        Require.notBlank("handler", handler);
        Require.notNull("handlers", handlers);
        handlers.defaultHandler("handler", handler);
        Require.positive("heartbeatInterval", heartbeatInterval);
        if (policy.heartbeatTimeout().compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
            throw new io.kpool.core.config.ConfigException("heartbeatTimeout", "must be at least twice "
                    + "the heartbeat interval (" + heartbeatInterval.toMillis() + "ms), but was "
                    + policy.heartbeatTimeout().toMillis() + "ms");
        }
        Require.notNull("runDir", runDir);
        if (workerCommand == null || workerCommand.isEmpty()) {
            throw new IllegalArgumentException("workerCommand cannot be empty");
        }
        workerCommand = List.copyOf(workerCommand);
        Require.notNull("workerArguments", workerArguments);
        Require.between("spares", spares, 0, 64);
        Require.between("concurrency", concurrency, 1, 1000);
        if (workerKafkaConfig == null) {
            workerKafkaConfig = kafka.client().file().orElse(null);
        }
    }

    /** The client properties file of the supervisor itself, or null for none. */
    public Path kafkaConfig() {
        return kafka.client().file().orElse(null);
    }

    /**
     * What a worker-side process this supervisor starts is asked to do. An evacuation runs with the
     * supervisor's own client properties (its principal): it writes to the jobs topic, which a
     * worker may not; the others with the workers'.
     */
    WorkerLaunch workerLaunch(WorkerLaunch.Mode mode) {
        Path properties = mode instanceof WorkerLaunch.Evacuate ? kafkaConfig() : workerKafkaConfig;
        return new WorkerLaunch(kafka.bootstrap(), kafka.topics().prefix(), properties, handler,
                handlers.file().orElse(null), heartbeatInterval, concurrency, mode, ProcessHandle.current().pid());
    }

    /** The Kafka client id of its clients, and the start of its readers' ids. */
    String clientId() {
        return "kpool-supervisor-" + name;
    }

    /** The properties of the producer of its slots' states and its events. */
    Map<String, Object> outboxProducer() {
        return kafka.producer(clientId());
    }

    /** The client id of its reader of the heartbeats. */
    String heartbeatsClientId() {
        return clientId() + "-heartbeats";
    }

    /** The client id of its reader of the slots' states, as it takes its slots. */
    String claimClientId() {
        return clientId() + "-claim";
    }
}
