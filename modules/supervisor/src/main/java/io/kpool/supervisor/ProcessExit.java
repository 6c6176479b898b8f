package io.kpool.supervisor;

import io.kpool.transport.local.ProcessLifecycle;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A process the supervisor started has ended: all that a JDK reaper thread (or the thread that read
 * the process's last output) hands to the supervisor's loop, through its mailbox. What the exit
 * means (the black box, a refusal, the class-data archive) is read on the loop's thread, which owns
 * every structure it touches.
 */
sealed interface ProcessExit {

    /** The process that ended. */
    long pid();

    /** Its exit status. */
    int status();

    /**
     * A slot's worker, once its last lines are read.
     *
     * @param tail its last lines of output
     */
    record Worker(int slot, long incarnation, long pid, int status, List<String> tail) implements ProcessExit {

        public Worker {
            tail = List.copyOf(tail);
        }
    }

    /** The process that moved a slot's queued tasks back to the jobs topic. */
    record Evacuation(int slot, long incarnation, long pid, int status) implements ProcessExit {
    }

    /**
     * A spare that ended before it took a slot, once its last lines are read.
     *
     * @param tail its last lines of output
     * @param log  where its output went
     */
    record Spare(long pid, int status, List<String> tail, Path log) implements ProcessExit {

        public Spare {
            tail = List.copyOf(tail);
        }

        /** Why it ended, if Kafka refused it (it exited with {@link ProcessLifecycle#SETTING_REFUSED}). */
        Optional<String> refusal() {
            if (status != ProcessLifecycle.SETTING_REFUSED) {
                return Optional.empty();
            }
            return Optional.of("a spare worker (pid " + pid + ") was refused: " + WorkerFiles.lastLine(tail, log));
        }
    }

    /** The training run that makes the workers' class-data archive. */
    record Training(long pid, int status) implements ProcessExit {
    }
}
