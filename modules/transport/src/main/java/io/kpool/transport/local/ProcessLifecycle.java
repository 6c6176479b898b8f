package io.kpool.transport.local;

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process behaviour every kpool role shares: SIGTERM (and Ctrl-C) asks the role to finish what
 * it is doing and return, so the process can exit 0 after a drain; and a role started by another
 * kpool process exits when that parent is gone, so no orphan keeps a slot.
 */
public final class ProcessLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ProcessLifecycle.class);

    /** Exit status of a process whose parent died. */
    public static final int ORPHANED = 3;

    /**
     * Exit status of a process stopped by a setting that kpool or Kafka refuses (a bad flag, denied
     * credentials or ACLs): started again the same way, it would be refused again.
     */
    public static final int SETTING_REFUSED = 2;

    /**
     * Exit status of a worker that stopped itself because the job it was running was cancelled:
     * not a crash (its supervisor restarts it at once and blames nobody).
     */
    public static final int CANCELLED_JOB = io.kpool.core.supervision.ExitStatus.CANCELLED_JOB;

    private ProcessLifecycle() {
    }

    /**
     * Calls {@code stop} on SIGTERM (and on SIGINT, for a process run by hand) instead of the JVM's
     * default (exit 143 at once). {@code stop} must make the role's run method return soon.
     * A process started by another kpool process ignores SIGINT: Ctrl-C in a terminal reaches the
     * whole process group, and the parent decides the order in which its children stop.
     *
     * @param parentPid the parent kpool process, or 0 for a process run by hand
     */
    @SuppressWarnings("restriction")
    public static void onTermination(Runnable stop, long parentPid) {
        handle("TERM", stop);
        if (parentPid > 0) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal("INT"), sun.misc.SignalHandler.SIG_IGN);
            } catch (IllegalArgumentException e) {
                log.debug("cannot ignore SIGINT here: {}", e.getMessage());
            }
        } else {
            handle("INT", stop);
        }
    }

    @SuppressWarnings("restriction")
    private static void handle(String name, Runnable stop) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> {
                log.info("SIG{} received: draining", name);
                stop.run();
            });
        } catch (IllegalArgumentException e) {
            log.debug("cannot handle SIG{} here: {}", name, e.getMessage());
        }
    }

    /**
     * Ends this process at once (no drain: its parent is no longer there to care) when the process
     * {@code parentPid} exits.
     *
     * @param parentPid the parent's pid; 0 or less to watch nothing
     */
    public static void exitWithParent(long parentPid) {
        if (parentPid <= 0) {
            return;
        }
        Optional<ProcessHandle> parent = ProcessHandle.of(parentPid);
        if (parent.isEmpty()) {
            log.error("parent process {} is already gone: exiting", parentPid);
            Runtime.getRuntime().halt(ORPHANED);
        }
        parent.get().onExit().thenRun(() -> {
            System.err.println("kpool: parent process " + parentPid + " exited; exiting too");
            Runtime.getRuntime().halt(ORPHANED);
        });
    }
}
