package io.kpool.core.supervision;

import java.util.Optional;

/** The POSIX signals kpool names (Linux numbering). */
public enum Signal {
    HUP(1), INT(2), QUIT(3), ILL(4), TRAP(5), ABRT(6), BUS(7), FPE(8), KILL(9), USR1(10), SEGV(11),
    USR2(12), PIPE(13), ALRM(14), TERM(15), CHLD(17), CONT(18), STOP(19), TSTP(20);

    private final int number;

    Signal(int number) {
        this.number = number;
    }

    /** The signal's number, e.g. 9 for {@code KILL}. */
    public int number() {
        return number;
    }

    /** The signal with that number, if kpool knows its name. */
    public static Optional<Signal> byNumber(int number) {
        for (Signal s : values()) {
            if (s.number == number) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
