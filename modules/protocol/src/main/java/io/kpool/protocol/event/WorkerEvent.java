package io.kpool.protocol.event;

/** An event about one worker slot. */
public sealed interface WorkerEvent extends PoolEvent permits WorkerStarted, WorkerCrashed, WorkerRestarted, WorkerStopped,
        WorkerGaveUp, TasksRerouted {

    /** The slot. */
    int workerId();

    @Override
    default int slot() {
        return workerId();
    }
}
