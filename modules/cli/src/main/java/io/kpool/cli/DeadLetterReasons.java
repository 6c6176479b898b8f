package io.kpool.cli;

import io.kpool.protocol.DeadLetterReason;
import java.util.Iterator;

/** The reasons' wire names, for {@code --reason}'s help and shell completion: {@code ${COMPLETION-CANDIDATES}}. */
final class DeadLetterReasons implements Iterable<String> {

    @Override
    public Iterator<String> iterator() {
        return DeadLetterReason.wireNames().iterator();
    }
}
