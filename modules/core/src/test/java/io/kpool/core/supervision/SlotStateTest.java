package io.kpool.core.supervision;

import static io.kpool.core.supervision.SlotState.BACKING_OFF;
import static io.kpool.core.supervision.SlotState.GAVE_UP;
import static io.kpool.core.supervision.SlotState.RUNNING;
import static io.kpool.core.supervision.SlotState.STARTING;
import static io.kpool.core.supervision.SlotState.STOPPED;
import static io.kpool.core.supervision.SlotState.STOPPING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SlotStateTest {

    /** The table of SlotState's documentation, written out again. */
    private static final Map<SlotState, Set<SlotState>> TABLE = Map.of(
            STARTING, EnumSet.of(RUNNING, STOPPING, BACKING_OFF, STARTING, STOPPED, GAVE_UP),
            RUNNING, EnumSet.of(STOPPING, BACKING_OFF, STARTING, STOPPED, GAVE_UP),
            STOPPING, EnumSet.of(BACKING_OFF, STARTING, STOPPED, GAVE_UP),
            BACKING_OFF, EnumSet.of(STARTING, STOPPED),
            STOPPED, EnumSet.of(BACKING_OFF),
            GAVE_UP, EnumSet.noneOf(SlotState.class));

    @Test
    void allowsTheMovesInTheTable() {
        assertThat(SlotState.STARTING.moveTo(SlotState.RUNNING)).isEqualTo(SlotState.RUNNING);
        assertThat(SlotState.RUNNING.moveTo(SlotState.STOPPING)).isEqualTo(SlotState.STOPPING);
        assertThat(SlotState.BACKING_OFF.moveTo(SlotState.STARTING)).isEqualTo(SlotState.STARTING);
    }

    @Test
    void throwsOnAnIllegalMove() {
        assertThatThrownBy(() -> SlotState.STOPPED.moveTo(SlotState.STARTING))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("a slot cannot go from STOPPED to STARTING");
        assertThatThrownBy(() -> SlotState.BACKING_OFF.moveTo(SlotState.RUNNING))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void everyMoveOutsideTheDocumentedTableThrowsAndEveryMoveInItIsAllowed() {
        for (SlotState from : SlotState.values()) {
            for (SlotState to : SlotState.values()) {
                if (TABLE.get(from).contains(to)) {
                    assertThat(from.moveTo(to)).as("%s -> %s", from, to).isEqualTo(to);
                } else {
                    assertThatThrownBy(() -> from.moveTo(to)).as("%s -> %s", from, to)
                            .isInstanceOf(IllegalStateException.class);
                }
            }
        }
    }
}
