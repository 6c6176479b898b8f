package io.kpool.observe;

/**
 * One question an HTTP probe asks a role: is its main loop turning, is it ready. Asked on the HTTP
 * server's thread, so an answer reads only what the role's own thread publishes for it.
 */
@FunctionalInterface
public interface Probe {

    /** The answer now. */
    Answer check();

    /**
     * @param ok     whether the role passes
     * @param detail one line for a person: what was seen, or what is missing
     */
    record Answer(boolean ok, String detail) {

        public static Answer ok(String detail) {
            return new Answer(true, detail);
        }

        public static Answer failing(String detail) {
            return new Answer(false, detail);
        }
    }
}
