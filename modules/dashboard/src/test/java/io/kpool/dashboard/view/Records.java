package io.kpool.dashboard.view;

import com.fasterxml.jackson.databind.node.IntNode;
import io.kpool.protocol.DeadLetter;
import io.kpool.protocol.Heartbeat;
import io.kpool.protocol.Result;
import io.kpool.protocol.WorkerStatus;
import io.kpool.protocol.event.WorkerCrashed;
import io.kpool.protocol.event.WorkerRestarted;
import java.util.List;

/** Test data: the records of a pool's topics, with what a test does not care about filled in. */
final class Records {

    private Records() {
    }

    /** A slot's state as supervisor {@code local} on host {@code vm} (pid 100) publishes it: 10 restarts in 60 s allowed. */
    static WorkerStatus status(int slot, String state, long incarnation, long at) {
        return status("local", slot, state, incarnation, 0, 0, at);
    }

    static WorkerStatus status(String supervisor, int slot, String state, long incarnation, int restarts, int recent,
                               long at) {
        boolean alive = state.equals("running");
        Long pid = state.equals("running") || state.equals("starting") ? 1000 + slot * 10 + incarnation : null;
        return new WorkerStatus(slot, supervisor, "vm", 100L, state, alive, pid, incarnation, restarts, recent, 10,
                60_000, null, List.of(), List.of(), at);
    }

    static Heartbeat heartbeat(int slot, long incarnation, long processed, long queued, String currentJob, long at) {
        return new Heartbeat(slot, incarnation, 1000 + slot * 10 + incarnation, processed, processed, queued, currentJob,
                currentJob == null ? null : at - 50, at);
    }

    static WorkerCrashed sigkill(int slot, long incarnation, long at) {
        return new WorkerCrashed(slot, incarnation, 1000 + slot * 10 + incarnation, "signal", null, "KILL", null, at);
    }

    static WorkerRestarted restarted(int slot, long incarnation, long at) {
        return new WorkerRestarted(slot, incarnation, 1000 + slot * 10 + incarnation, 1, 900, at);
    }

    static Result result(String id, long submittedAt, long completedAt) {
        return new Result(id, IntNode.valueOf(42), 0, 1, 1, submittedAt, completedAt);
    }

    static DeadLetter poisoned(String jobId, int slot, long at) {
        List<DeadLetter.Crash> crashes = List.of(
                new DeadLetter.Crash(1, 11, 1, null, at - 3000, List.of("java.lang.IllegalArgumentException: payload must not be negative, but was -1")),
                new DeadLetter.Crash(2, 12, 1, null, at - 2000, List.of("boom")),
                new DeadLetter.Crash(3, 13, 1, null, at - 1000, List.of("boom")));
        return new DeadLetter(jobId, "crashed_worker", "job " + jobId + " crashed worker " + slot + " 3 times",
                "{\"id\":\"" + jobId + "\",\"payload\":-1}", "utf8",
                new DeadLetter.Origin("kpool.tasks", slot, 7), at, new DeadLetter.Evidence(slot, crashes));
    }
}
