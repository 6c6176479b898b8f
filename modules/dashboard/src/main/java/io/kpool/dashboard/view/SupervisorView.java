package io.kpool.dashboard.view;

import java.util.List;

/**
 * A supervisor and the slots it owns: one branch of the supervision tree.
 *
 * @param name        its name ({@code --name})
 * @param host        the host it runs on
 * @param pid         its process id
 * @param slots       its slots, e.g. {@code 0-3}
 * @param state       {@code running}; {@code silent} when it has said nothing for a while (gone?);
 *                    {@code gave_up} or {@code stopped} after it said so
 * @param heardAgoMs  how long ago it last published a slot's state
 * @param maxRestarts the most restarts its intensity allows...
 * @param withinMs    ...within this window
 * @param workers     its slots' rows, by slot
 */
public record SupervisorView(String name, String host, Long pid, String slots, String state, long heardAgoMs,
                             int maxRestarts, long withinMs, List<SlotView> workers) {

    public SupervisorView {
        workers = List.copyOf(workers);
    }
}
