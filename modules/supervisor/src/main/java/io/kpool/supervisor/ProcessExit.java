package io.kpool.supervisor;

import java.nio.file.Path;

/**
 * A process the supervisor started has ended: all that a JDK reaper thread (or the thread that read
 * the process's last output) hands to the supervisor's loop, through its mailbox. What the exit
 * means (the black box, the last lines, a refusal, the class-data archive) is read on the loop's
 * thread, which owns every structure it touches.
 */
sealed interface ProcessExit {

    /** The process that ended. */
    Process process();

    /** A slot's worker, once its last lines are read. */
    record Worker(int slot, long incarnation, Process process, ProcessOutput output) implements ProcessExit {
    }

    /** The process that moved a slot's queued tasks back to the jobs topic. */
    record Evacuation(int slot, long incarnation, Process process) implements ProcessExit {
    }

    /** A spare that ended before it took a slot, once its last lines are read. */
    record Spare(Process process, ProcessOutput output, Path log) implements ProcessExit {
    }

    /** The training run that makes the workers' class-data archive. */
    record Training(Process process) implements ProcessExit {
    }
}
