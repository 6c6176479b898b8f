package io.kpool.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SlotsTest {

    @Test
    void readsRangesAndLists() {
        assertThat(Slots.parse("--slots", "0-3", 1023)).containsExactly(0, 1, 2, 3);
        assertThat(Slots.parse("--slots", "4, 6-7", 1023)).containsExactly(4, 6, 7);
        assertThat(Slots.parse("--slots", "5", 1023)).containsExactly(5);
    }

    @Test
    void namesWhatItCannotRead() {
        assertThatThrownBy(() -> Slots.parse("--slots", "a-b", 1023)).isInstanceOf(ConfigException.class)
                .hasMessage("--slots needs slots such as 0-3 or 0,2,5-7, but was 'a-b'");
        assertThatThrownBy(() -> Slots.parse("--slots", "3-1", 1023)).hasMessageContaining("FROM <= TO, but was '3-1'");
        assertThatThrownBy(() -> Slots.parse("--slots", "0-2,2", 1023)).hasMessage("--slots names slot 2 twice in '0-2,2'");
        assertThatThrownBy(() -> Slots.parse("--slots", "2000", 1023)).hasMessageContaining("between 0 and 1023");
    }

    @Test
    void aReplicaOwnsTheRangeOfItsOrdinal() {
        assertThat(Slots.ofOrdinal("--ordinal", "0", 2, 1023)).containsExactly(0, 1);
        assertThat(Slots.ofOrdinal("--ordinal", "1", 2, 1023)).containsExactly(2, 3);
        assertThat(Slots.ofOrdinal("--ordinal", "kpool-supervisor-2", 4, 1023)).containsExactly(8, 9, 10, 11);
        assertThat(Slots.ofOrdinal("--ordinal", "web-7-3", 1, 1023)).containsExactly(3);
        assertThat(Slots.ofOrdinal("--ordinal", "255", 4, 1023)).containsExactly(1020, 1021, 1022, 1023);
    }

    @Test
    void anOrdinalThatIsNoneOrPastTheLastSlotIsNamed() {
        assertThatThrownBy(() -> Slots.ofOrdinal("--ordinal", "kpool-supervisor", 2, 1023))
                .isInstanceOf(ConfigException.class)
                .hasMessage("--ordinal needs a StatefulSet ordinal such as 1, or a pod name that ends in one such as "
                        + "kpool-supervisor-1, but was 'kpool-supervisor'");
        assertThatThrownBy(() -> Slots.ofOrdinal("--ordinal", "-1", 2, 1023)).hasMessageContaining("but was '-1'");
        assertThatThrownBy(() -> Slots.ofOrdinal("--ordinal", "", 2, 1023)).hasMessageContaining("but was ''");
        assertThatThrownBy(() -> Slots.ofOrdinal("--ordinal", "kpool-supervisor-256", 4, 1023))
                .hasMessage("--ordinal 'kpool-supervisor-256' is ordinal 256, which with 4 workers per replica owns "
                        + "slots 1024-1027, past the highest slot 1023");
    }

    @Test
    void writesTheShortestForm() {
        assertThat(Slots.format(List.of(3, 0, 1, 2, 6))).isEqualTo("0-3,6");
    }
}
