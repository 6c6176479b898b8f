package io.kpool.supervisor;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a supervisor asks of a worker process it starts, as typed values: the wire between the
 * supervisor and {@code kpool worker}. The supervisor builds one per process; the command line
 * that carries it is written and read by one {@link Encoder} and its reader, side by side in the
 * command-line module, which alone knows the flags.
 *
 * @param bootstrap         Kafka bootstrap servers
 * @param prefix            the pool's topic prefix
 * @param kafkaConfig       the client properties file the process uses, or null for none
 * @param handler           the job handler of tasks that name none
 * @param handlersFile      the named handlers, or null for none
 * @param heartbeatInterval how often the worker heartbeats
 * @param concurrency       the most tasks it runs at once
 * @param mode              what the process does: run a slot, wait as a spare, train, or evacuate a slot
 * @param parentPid         the process it exits with (its supervisor), or 0
 */
public record WorkerLaunch(String bootstrap, String prefix, Path kafkaConfig, String handler, Path handlersFile,
                           Duration heartbeatInterval, int concurrency, Mode mode, long parentPid) {

    public WorkerLaunch {
        Objects.requireNonNull(bootstrap, "bootstrap cannot be null");
        Objects.requireNonNull(prefix, "prefix cannot be null");
        Objects.requireNonNull(handler, "handler cannot be null");
        Objects.requireNonNull(heartbeatInterval, "heartbeatInterval cannot be null");
        Objects.requireNonNull(mode, "mode cannot be null");
    }

    /** What a worker process does. */
    public sealed interface Mode {
    }

    /**
     * Runs a slot's tasks.
     *
     * @param blackBox   where it records the task it runs, or null for none
     * @param poisonFile the tasks it must dead-letter instead of running, or null for none
     */
    public record Run(int slot, long incarnation, Path blackBox, Path poisonFile) implements Mode {
    }

    /** Starts warm, then waits on its standard input for the slot to take. */
    public record Spare() implements Mode {
    }

    /** Runs a worker's code paths once and exits, taking no slot (the class-data archive's training). */
    public record Train() implements Mode {
    }

    /** Runs no job: fences the slot and moves its queued tasks back to the jobs topic, until none came for {@code idle}. */
    public record Evacuate(int slot, long incarnation, Path poisonFile, Duration idle) implements Mode {
    }

    /** Writes a launch as the arguments of {@code kpool} (from the subcommand on). */
    @FunctionalInterface
    public interface Encoder {
        List<String> arguments(WorkerLaunch launch);
    }
}
