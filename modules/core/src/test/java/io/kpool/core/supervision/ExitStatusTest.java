package io.kpool.core.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExitStatusTest {

    @Test
    void readsASignalFromTheJvmsExitValue() {
        assertThat(new ExitStatus(137).describe()).isEqualTo("signal KILL");
        assertThat(new ExitStatus(143).signal()).contains(Signal.TERM);
        assertThat(new ExitStatus(1).describe()).isEqualTo("exit 1");
        assertThat(new ExitStatus(0).normal()).isTrue();
    }
}
