package io.kpool.transport.local;

import java.nio.file.Path;

/**
 * What a supervisor tells a spare worker process (one that started in advance and waits on its
 * standard input) to become: one tab-separated line. The spare answers {@link #READY} on its
 * standard output when it is warm.
 *
 * @param slot        the slot to take
 * @param incarnation the incarnation it becomes
 * @param blackBox    its black box file
 * @param poisonFile  the tasks to dead-letter instead of running
 */
public record SpareAssignment(int slot, long incarnation, Path blackBox, Path poisonFile) {

    /** The line a spare prints once it is ready to take a slot. */
    public static final String READY = "kpool-spare-ready";

    private static final String TAG = "assign";

    /** The line to send. */
    public String line() {
        return String.join("\t", TAG, String.valueOf(slot), String.valueOf(incarnation), blackBox.toString(),
                poisonFile.toString());
    }

    /**
     * Reads a line sent by {@link #line()}.
     *
     * @throws IllegalArgumentException when the line is not an assignment
     */
    public static SpareAssignment parse(String line) {
        String[] parts = line == null ? new String[0] : line.split("\t");
        if (parts.length != 5 || !parts[0].equals(TAG)) {
            throw new IllegalArgumentException("not a spare assignment: '" + line + "'");
        }
        return new SpareAssignment(Integer.parseInt(parts[1]), Long.parseLong(parts[2]), Path.of(parts[3]),
                Path.of(parts[4]));
    }
}
