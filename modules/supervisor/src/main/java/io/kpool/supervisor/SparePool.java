package io.kpool.supervisor;

import io.kpool.transport.local.SpareAssignment;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A supervisor's warm spares: worker processes started ahead, that wait on their standard input for
 * the slot to take (see {@link SpareAssignment}). Keeps {@code --spares} of them starting or ready,
 * at most one new one a second, and none for a while after one took a slot. A spare's output goes
 * to {@code spare-<n>.log}, n the lowest number no other waiting spare has, until it takes a slot.
 * Used by the supervisor's thread; readiness arrives from output reader threads, and a spare's end
 * as a {@link ProcessExit.Spare} in the supervisor's mailbox.
 */
final class SparePool implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SparePool.class);

    private static final Duration SPARE_RETRY = Duration.ofSeconds(1);
    private static final Duration SPARE_AFTER_TAKEOVER = Duration.ofSeconds(2);

    /** A spare process, and its output. */
    record Spare(Process process, int index, ProcessOutput output) {
    }

    private final int size;
    private final Supplier<ProcessBuilder> builder;
    private final WorkerFiles files;
    private final OutputStream echo;
    private final Consumer<ProcessExit> exits;
    private final Clock clock;
    private final List<Spare> warming = new ArrayList<>();
    private final Queue<Spare> ready = new ConcurrentLinkedQueue<>();
    private Instant nextSpareAt = Instant.EPOCH;

    /**
     * @param size    how many spares to keep
     * @param builder the builder of a spare process (its command line: the class-data options may change)
     * @param echo    where every line of a spare's output also goes, tagged
     * @param exits   the supervisor's mailbox
     * @param clock   when to start the next spare
     */
    SparePool(int size, Supplier<ProcessBuilder> builder, WorkerFiles files, OutputStream echo,
              Consumer<ProcessExit> exits, Clock clock) {
        this.size = size;
        this.builder = builder;
        this.files = files;
        this.echo = echo;
        this.exits = exits;
        this.clock = clock;
    }

    /** Starts a spare if fewer than {@code size} are starting or ready, and none was started within a second. */
    void keep() {
        warming.removeIf(s -> !s.process().isAlive() || ready.contains(s));
        ready.removeIf(s -> !s.process().isAlive());
        int have = warming.size() + ready.size();
        if (have >= size || clock.instant().isBefore(nextSpareAt)) {
            return;
        }
        nextSpareAt = clock.instant().plus(SPARE_RETRY);
        int index = freeIndex();
        try {
            Process process = builder.get().start();
            Path spareLog = files.spareLog(index);
            ProcessOutput output = new ProcessOutput("spare " + index, files.rolling(spareLog), echo);
            Spare spare = new Spare(process, index, output);
            process.onExit().thenCompose(p -> output.drained(ProcessSpawner.OUTPUT_DRAIN))
                    .thenRun(() -> exits.accept(new ProcessExit.Spare(process.pid(), process.exitValue(),
                            output.tail(), spareLog)));
            warming.add(spare);
            output.read(process.getInputStream(), "kpool-spare-" + process.pid(), line -> {
                if (line.equals(SpareAssignment.READY)) {
                    ready.add(spare);
                    return true;
                }
                return false;
            });
            output.read(process.getErrorStream(), "kpool-spare-" + process.pid() + "-err");
        } catch (IOException e) {
            log.warn("cannot start a spare worker: {}", e.toString());
        }
    }

    /**
     * Hands the slot of {@code run} to a ready spare, if one is; its output goes under {@code label}
     * to {@code output} from now on. A JVM starting takes most of a second of CPU: the spare that
     * replaces this one waits until the slot is up again, rather than slow its takeover down.
     */
    Optional<Spare> take(WorkerLaunch.Run run, String label, RollingLog output) {
        for (Spare spare = ready.poll(); spare != null; spare = ready.poll()) {
            spare.output().relabel(label, output);
            if (assign(spare, new SpareAssignment(run.slot(), run.incarnation(), run.blackBox(), run.poisonFile()))) {
                nextSpareAt = clock.instant().plus(SPARE_AFTER_TAKEOVER);
                return Optional.of(spare);
            }
        }
        return Optional.empty();
    }

    private static boolean assign(Spare spare, SpareAssignment assignment) {
        if (!spare.process().isAlive()) {
            return false;
        }
        try {
            OutputStream in = spare.process().getOutputStream();
            in.write((assignment.line() + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private int freeIndex() {
        Set<Integer> taken = new HashSet<>();
        warming.forEach(s -> taken.add(s.index()));
        ready.forEach(s -> taken.add(s.index()));
        int index = 1;
        while (taken.contains(index)) {
            index++;
        }
        return index;
    }

    /** Kills the spares that wait. */
    @Override
    public void close() {
        warming.forEach(s -> s.process().destroyForcibly());
        ready.forEach(s -> s.process().destroyForcibly());
    }
}
