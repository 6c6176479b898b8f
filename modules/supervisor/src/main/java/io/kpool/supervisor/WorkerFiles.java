package io.kpool.supervisor;

import io.kpool.core.supervision.Culprit;
import io.kpool.core.supervision.PoisonVerdict;
import io.kpool.transport.local.BlackBox;
import io.kpool.transport.local.PoisonFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The files of a supervisor's workers, in its run directory: a slot's black box at
 * {@code worker-<slot>.blackbox}, the tasks its worker must dead-letter in
 * {@code worker-<slot>.poison.json}, and the bounded logs every worker-side process writes its
 * output to ({@code worker-<slot>.log}, {@code spare-<n>.log}, {@code train.log},
 * {@code worker-<slot>.evacuate.log}; see {@link RollingLog}). Read and written on the
 * supervisor's thread, except where a method says otherwise.
 */
final class WorkerFiles implements AutoCloseable {

    private final Path runDir;
    private final Map<Path, RollingLog> logs = new ConcurrentHashMap<>();
    private final Map<Integer, BlackBox.Reader> readers = new HashMap<>();

    /** Creates the run directory if it is not there. */
    WorkerFiles(Path runDir) {
        this.runDir = runDir;
        try {
            Files.createDirectories(runDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the run directory " + runDir, e);
        }
    }

    /** Where the workers' logs, black boxes and poison files go. */
    Path runDir() {
        return runDir;
    }

    /** Where a slot's workers write their output (the latest lines; the older ones in {@code .1}). */
    Path log(int slot) {
        return file(slot, "log");
    }

    /** Where a slot's evacuations write their output. */
    Path evacuationLog(int slot) {
        return file(slot, "evacuate.log");
    }

    /** Where the training run of the class-data archive writes its output. */
    Path trainingLog() {
        return runDir.resolve("train.log");
    }

    /** Where the spare numbered {@code index} writes its output until it takes a slot. */
    Path spareLog(int index) {
        return runDir.resolve("spare-" + index + ".log");
    }

    /** The slot's black box: what its worker runs, and when it last beat. */
    Path blackBox(int slot) {
        return file(slot, "blackbox");
    }

    /**
     * Writes the tasks the slot's next worker (or evacuation) must dead-letter, and the suspects
     * it must run alone.
     *
     * @return the file written
     */
    Path writePoison(int slot, List<PoisonVerdict> poison, Set<Long> suspects) throws IOException {
        Path file = file(slot, "poison.json");
        PoisonFile.write(file, poison, suspects);
        return file;
    }

    /** The one bounded log writing to {@code file}; safe from any thread. */
    RollingLog rolling(Path file) {
        return logs.computeIfAbsent(file, f -> new RollingLog(f, RollingLog.ROLL_AT));
    }

    /** What a slot's live worker's black box says. */
    Optional<BlackBox.Reading> localBeat(int slot) {
        return readers.computeIfAbsent(slot, s -> new BlackBox.Reader(blackBox(s))).read();
    }

    /** How many tasks a slot's ended incarnation finished, from its black box; safe from any thread. */
    long processed(int slot, long incarnation) {
        try (BlackBox.Reader reader = new BlackBox.Reader(blackBox(slot))) {
            return reader.read().filter(r -> r.incarnation() == incarnation).map(BlackBox.Reading::processed).orElse(0L);
        }
    }

    /** The tasks a dead incarnation was running, from its black box. */
    List<Culprit> culprits(int slot, long incarnation) {
        return BlackBox.culprits(blackBox(slot), incarnation);
    }

    /** The job a dead incarnation stopped for because it was cancelled while it ran, from its black box. */
    Optional<String> cancelledJob(int slot, long incarnation) {
        return BlackBox.cancelledJob(blackBox(slot), incarnation);
    }

    /** The last line a process wrote (of {@code tail}, its last lines), that says why it stopped. */
    static String lastLine(List<String> tail, Path log) {
        for (int i = tail.size() - 1; i >= 0; i--) {
            if (!tail.get(i).isBlank()) {
                return tail.get(i).trim();
            }
        }
        return "(it wrote nothing; see " + log + ")";
    }

    private Path file(int slot, String suffix) {
        return runDir.resolve("worker-" + slot + "." + suffix);
    }

    /** Closes the black-box readers and the log files. */
    @Override
    public void close() {
        readers.values().forEach(BlackBox.Reader::close);
        logs.values().forEach(RollingLog::close);
    }
}
