package io.kpool.core.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CappedHistoryTest {

    @Test
    void keepsTheNewestFirst() {
        assertThat(CappedHistory.appendCapped(List.of(2, 1), 3, 5)).containsExactly(3, 2, 1);
    }

    @Test
    void dropsTheOldestOverTheLimit() {
        List<Integer> history = List.of();
        for (int i = 1; i <= 10; i++) {
            history = CappedHistory.appendCapped(history, i, 3);
        }
        assertThat(history).containsExactly(10, 9, 8);
    }

    @Test
    void rejectsALimitBelowOne() {
        assertThatThrownBy(() -> CappedHistory.appendCapped(List.of(), 1, 0)).hasMessageContaining("but was 0");
    }
}
