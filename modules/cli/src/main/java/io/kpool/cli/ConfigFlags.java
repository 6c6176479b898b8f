package io.kpool.cli;

import io.kpool.core.config.ConfigException;
import java.util.Map;

/**
 * The flags of the settings that configs check by their own names: a config says {@code maxRestarts
 * must be between 0 and 1000000, but was -1}, the user reads {@code --max-restarts must be ...}, the
 * flag they typed. Only the command line knows flags; a setting read by the command line itself is
 * named by its flag already and passes as it is.
 */
final class ConfigFlags {

    private static final Map<String, String> FLAGS = Map.ofEntries(
            // RestartPolicy and its Backoff
            Map.entry("strategy", "--strategy"),
            Map.entry("restart", "--restart"),
            Map.entry("maxRestarts", "--max-restarts"),
            Map.entry("within", "--within"),
            Map.entry("onLimit", "--on-limit"),
            Map.entry("backoff", "--backoff"),
            Map.entry("backoff.min", "--backoff (min)"),
            Map.entry("backoff.max", "--backoff (max)"),
            // SupervisorPolicy
            Map.entry("heartbeatTimeout", "--heartbeat-timeout"),
            Map.entry("startTimeout", "--start-timeout"),
            Map.entry("jobTimeout", "--job-timeout"),
            Map.entry("shutdownGrace", "--shutdown-grace"),
            Map.entry("maxAttempts", "--max-attempts"),
            Map.entry("historySize", "--history"),
            // IntakeLimits
            Map.entry("maxJobBytes", "--max-job-bytes"),
            Map.entry("maxIdLength", "--max-id-length"),
            // SupervisorConfig
            Map.entry("kafka", "--bootstrap"),
            Map.entry("name", "--name"),
            Map.entry("slots", "--workers"),
            Map.entry("handler", "--handler"),
            Map.entry("handlers", "--handlers-file"),
            Map.entry("heartbeatInterval", "--heartbeat-interval"),
            Map.entry("runDir", "--run-dir"),
            Map.entry("spares", "--spares"),
            Map.entry("concurrency", "--concurrency"),
            // DispatcherConfig (its heartbeatTimeout, handler, handlers and kafka as above)
            Map.entry("instance", "--id"),
            Map.entry("dispatch", "--dispatch"),
            Map.entry("limits", "--max-job-bytes"),
            Map.entry("dedupeWindow", "--dedupe-window"),
            // WorkerConfig (its kafka, handler, handlers, heartbeatInterval and concurrency as above)
            Map.entry("slot", "--slot"),
            Map.entry("incarnation", "--incarnation"),
            Map.entry("batchSize", "--batch-size"),
            Map.entry("commitInterval", "--commit-interval"),
            // KafkaSettings, TopicLayout (its slots as above)
            Map.entry("bootstrap", "--bootstrap"),
            Map.entry("topics", "--prefix"),
            Map.entry("client", "--kafka-config"),
            Map.entry("jobPartitions", "--job-partitions"),
            Map.entry("resultPartitions", "--result-partitions"));

    private ConfigFlags() {
    }

    /** The flag of a config's setting, or the key itself when it is a flag already (or has none). */
    static String flag(String key) {
        return FLAGS.getOrDefault(key, key);
    }

    /** The error as the user should read it: the flag they typed, the rule, the value. */
    static String describe(ConfigException e) {
        return flag(e.key()) + " " + e.rule();
    }
}
