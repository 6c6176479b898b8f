package io.kpool.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kpool.core.config.ConfigException;
import io.kpool.protocol.DeadLetter;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeadLetterSelectionTest {

    private static DeadLetter letter(String jobId, String reason) {
        return new DeadLetter(jobId, reason, "d", null, null, null, 0, null);
    }

    @Test
    void aReasonThatIsNoWireNameIsRefusedNamingTheKeyTheValueAndTheReasonsThereAre() {
        assertThatThrownBy(() -> DeadLetterSelection.ofReason("--reason", "crashed"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("--reason must be one of null_value, too_large, not_json,")
                .hasMessageContaining("crashed_worker")
                .hasMessageEndingWith(", but was 'crashed'");
    }

    @Test
    void idsAndAReasonMustBothHold() {
        DeadLetterSelection both = DeadLetterSelection.ofIds(List.of("j1")).withReason("--reason", "crashed_worker");

        assertThat(both.test(letter("j1", "crashed_worker"))).isTrue();
        assertThat(both.test(letter("j1", "wrong_payload"))).isFalse();
        assertThat(both.test(letter("j2", "crashed_worker"))).isFalse();
        assertThat(both.test(letter(null, "crashed_worker"))).as("a dead letter without an id matches no id").isFalse();
    }

    @Test
    void allTakesEveryDeadLetter() {
        assertThat(DeadLetterSelection.all().test(letter(null, "not_json"))).isTrue();
        assertThat(DeadLetterSelection.all().test(letter("j", null))).isTrue();
    }
}
