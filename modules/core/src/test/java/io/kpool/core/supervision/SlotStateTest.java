package io.kpool.core.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SlotStateTest {

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
}
