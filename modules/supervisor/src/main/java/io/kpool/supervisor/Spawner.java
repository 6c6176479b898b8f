package io.kpool.supervisor;

import io.kpool.core.supervision.Signal;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * What the supervisor's loop asks of the processes it runs: start one for a {@link WorkerLaunch},
 * signal one by its pid. Each process's end comes back to the loop through the mailbox the spawner
 * was opened with, as a {@link ProcessExit} of the launch's kind. Used on the supervisor's thread.
 * {@link ProcessSpawner} starts real processes; a unit test of the loop puts a fake in its place.
 */
interface Spawner extends AutoCloseable {

    /** A process started for a launch. */
    record Started(long pid, boolean spare) {
    }

    /** Opens the spawner of a supervisor. */
    @FunctionalInterface
    interface Factory {

        /**
         * @param files   the workers' files, in the run directory
         * @param mailbox the supervisor's mailbox, told from any thread when a process ends; it
         *                must only carry the exit
         */
        Spawner open(WorkerFiles files, Consumer<ProcessExit> mailbox);
    }

    /**
     * Starts, in the background, what should run before the workers do (the training run of the
     * class-data archive); its end comes as a {@link ProcessExit.Training}.
     */
    void prepare();

    /** The training run ended; on the loop's thread. */
    void trained(ProcessExit.Training training);

    /** Keeps the warm spares; on each turn of the loop while workers may still be started. */
    void keepSpares();

    /**
     * Starts a process for {@code launch} (a slot's worker may be a warm spare that takes the slot).
     *
     * @throws IOException when it cannot be started
     */
    Started start(WorkerLaunch launch) throws IOException;

    /** Sends {@code signal} to the slot's worker of that pid; nothing if it has ended. */
    void signal(long pid, Signal signal);

    /** Kills the workers still running and the spares that wait (SIGKILL). */
    @Override
    void close();
}
