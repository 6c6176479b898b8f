package io.kpool.core.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Slot lists as people write them: {@code 0-3}, {@code 0,2,5-7}. */
public final class Slots {

    /** An ordinal, alone or at the end of a pod name after a dash. */
    private static final Pattern ORDINAL = Pattern.compile("(?:.+-)?(\\d{1,9})");

    private Slots() {
    }

    /**
     * Reads a slot list, in the order written.
     *
     * @param key   the setting, for the error message
     * @param max   the highest slot allowed
     */
    public static List<Integer> parse(String key, String text, int max) {
        if (text == null || text.isBlank()) {
            throw new ConfigException(key, "needs slots such as 0-3 or 0,2,5-7, but was empty");
        }
        Set<Integer> slots = new LinkedHashSet<>();
        for (String part : text.split(",")) {
            String p = part.trim();
            int from;
            int to;
            try {
                int dash = p.indexOf('-', 1);
                from = Integer.parseInt(dash < 0 ? p : p.substring(0, dash).trim());
                to = dash < 0 ? from : Integer.parseInt(p.substring(dash + 1).trim());
            } catch (NumberFormatException e) {
                throw new ConfigException(key, "needs slots such as 0-3 or 0,2,5-7, but was '" + text + "'");
            }
            if (from < 0 || to > max || from > to) {
                throw new ConfigException(key, "needs slots between 0 and " + max + " with FROM <= TO, but was '"
                        + p + "'");
            }
            for (int slot = from; slot <= to; slot++) {
                if (!slots.add(slot)) {
                    throw new ConfigException(key, "names slot " + slot + " twice in '" + text + "'");
                }
            }
        }
        return new ArrayList<>(slots);
    }

    /**
     * The slots of one replica of a set of identical supervisors: replica {@code n} (a StatefulSet
     * pod's ordinal) owns {@code n*perReplica .. n*perReplica+perReplica-1}, so replicas own
     * disjoint ranges that together cover {@code 0..replicas*perReplica-1}.
     *
     * @param key        the setting, for the error message
     * @param text       the ordinal ({@code 1}), or a pod name that ends in it ({@code kpool-supervisor-1})
     * @param perReplica the slots each replica owns (at least 1)
     * @param max        the highest slot allowed
     */
    public static List<Integer> ofOrdinal(String key, String text, int perReplica, int max) {
        if (perReplica < 1) {
            throw new IllegalArgumentException("perReplica must be at least 1, but was " + perReplica);
        }
        String value = text == null ? "" : text.trim();
        Matcher m = ORDINAL.matcher(value);
        if (!m.matches()) {
            throw new ConfigException(key, "needs a StatefulSet ordinal such as 1, or a pod name that ends in one "
                    + "such as kpool-supervisor-1, but was '" + value + "'");
        }
        long ordinal = Long.parseLong(m.group(1));
        long first = ordinal * perReplica;
        long last = first + perReplica - 1;
        if (last > max) {
            throw new ConfigException(key, "'" + value + "' is ordinal " + ordinal + ", which with " + perReplica
                    + " workers per replica owns slots " + first + "-" + last + ", past the highest slot " + max);
        }
        List<Integer> slots = new ArrayList<>(perReplica);
        for (long slot = first; slot <= last; slot++) {
            slots.add((int) slot);
        }
        return slots;
    }

    /** {@code 0-3,6}: the shortest way to write the slots. */
    public static String format(List<Integer> slots) {
        List<Integer> sorted = slots.stream().sorted().toList();
        StringBuilder text = new StringBuilder();
        int i = 0;
        while (i < sorted.size()) {
            int j = i;
            while (j + 1 < sorted.size() && sorted.get(j + 1) == sorted.get(j) + 1) {
                j++;
            }
            if (text.length() > 0) {
                text.append(',');
            }
            text.append(sorted.get(i));
            if (j > i) {
                text.append('-').append(sorted.get(j));
            }
            i = j + 1;
        }
        return text.toString();
    }
}
