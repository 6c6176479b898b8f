package io.kpool.supervisor;

import io.kpool.core.supervision.Signal;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The processes of a unit test of the supervisor's loop, only pids: each launch is recorded; a
 * slot's worker ends when the test says, or when it is sent SIGTERM or SIGKILL (status 128 + the
 * signal), its end posted to the supervisor's mailbox as a JDK reaper thread would.
 */
final class FakeProcesses implements Spawner, Spawner.Factory {

    record Launched(WorkerLaunch launch, long pid) {
    }

    record Signalled(long pid, Signal signal) {
    }

    private final List<Launched> launched = new CopyOnWriteArrayList<>();
    private final List<Signalled> signalled = new CopyOnWriteArrayList<>();
    private final Set<Long> ended = ConcurrentHashMap.newKeySet();
    private final AtomicLong nextPid = new AtomicLong(1000);
    private volatile Consumer<ProcessExit> mailbox;

    @Override
    public Spawner open(WorkerFiles files, Consumer<ProcessExit> exits) {
        this.mailbox = exits;
        return this;
    }

    @Override
    public Started start(WorkerLaunch launch) {
        long pid = nextPid.getAndIncrement();
        launched.add(new Launched(launch, pid));
        return new Started(pid, false);
    }

    @Override
    public void signal(long pid, Signal signal) {
        signalled.add(new Signalled(pid, signal));
        if (signal == Signal.TERM || signal == Signal.KILL) {
            launched.stream().filter(l -> l.pid() == pid).findFirst().ifPresent(l -> {
                WorkerLaunch.Run run = (WorkerLaunch.Run) l.launch().mode();
                exit(run.slot(), run.incarnation(), 128 + signal.number());
            });
        }
    }

    /** The slot's incarnation ends with {@code status}, as a JDK reaper thread would tell the supervisor. */
    void exit(int slot, long incarnation, int status) {
        long pid = pidOf(slot, incarnation);
        if (ended.add(pid)) {
            mailbox.accept(new ProcessExit.Worker(slot, incarnation, pid, status, List.of()));
        }
    }

    List<WorkerLaunch> launches() {
        return launched.stream().map(Launched::launch).toList();
    }

    List<Signalled> signals() {
        return List.copyOf(signalled);
    }

    boolean launched(int slot, long incarnation) {
        return launched.stream().anyMatch(l -> l.launch().mode() instanceof WorkerLaunch.Run run
                && run.slot() == slot && run.incarnation() == incarnation);
    }

    long pidOf(int slot, long incarnation) {
        return launched.stream().filter(l -> l.launch().mode() instanceof WorkerLaunch.Run run
                && run.slot() == slot && run.incarnation() == incarnation).findFirst().orElseThrow().pid();
    }

    @Override
    public void prepare() {
    }

    @Override
    public void trained(ProcessExit.Training training) {
    }

    @Override
    public void keepSpares() {
    }

    @Override
    public void close() {
    }
}
