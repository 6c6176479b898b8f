package io.kpool.core.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LeastBusyTest {

    @Test
    void weighsTheJobsInFlightAgainstHowManyTheWorkerRunsAtOnce() {
        LeastBusy dispatch = new LeastBusy();
        // 4 in flight on 8 lanes is half busy; 1 in flight on 1 lane is full.
        List<SlotView> slots = List.of(new SlotView(0, true, 1, 1), new SlotView(1, true, 4, 8));

        assertThat(dispatch.choose(slots)).hasValue(1);
    }

    @Test
    void fillsAWideWorkerUntilItIsAsBusyAsTheOthers() {
        LeastBusy dispatch = new LeastBusy();
        long[] inFlight = {1, 0};
        int[] lanes = {1, 4};

        for (int i = 0; i < 4; i++) {
            int chosen = dispatch.choose(List.of(new SlotView(0, true, inFlight[0], lanes[0]),
                    new SlotView(1, true, inFlight[1], lanes[1]))).orElseThrow();
            inFlight[chosen]++;
        }

        assertThat(inFlight).as("slot 1 takes jobs until 4 of 4, as busy as slot 0's 1 of 1, then they alternate")
                .containsExactly(1, 4);
    }
}
