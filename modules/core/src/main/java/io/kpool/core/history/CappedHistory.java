package io.kpool.core.history;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The seed's {@code append_capped}: newest first, at most {@code limit} entries. */
public final class CappedHistory {

    private CappedHistory() {
    }

    /**
     * A new list with {@code item} in front of {@code history}, trimmed to the {@code limit} most recent.
     *
     * @param history the current history, newest first; not changed
     * @param limit   the most entries to keep, at least 1
     */
    public static <T> List<T> appendCapped(List<T> history, T item, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, but was " + limit);
        }
        List<T> updated = new ArrayList<>(Math.min(history.size() + 1, limit));
        updated.add(item);
        for (int i = 0; i < history.size() && updated.size() < limit; i++) {
            updated.add(history.get(i));
        }
        return Collections.unmodifiableList(updated);
    }
}
