package io.kpool.supervisor;

/** A slot this supervisor was given is owned by another supervisor that is alive. */
public final class SlotTakenException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int slot;

    SlotTakenException(int slot, String message) {
        super(message);
        this.slot = slot;
    }

    /** The slot in dispute. */
    public int slot() {
        return slot;
    }
}
