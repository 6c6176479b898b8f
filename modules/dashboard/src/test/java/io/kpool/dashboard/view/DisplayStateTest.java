package io.kpool.dashboard.view;

import static io.kpool.dashboard.view.Records.sigkill;
import static io.kpool.dashboard.view.Records.status;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a slot's row says, from its supervisor's state and incarnation and the latest crash seen. */
class DisplayStateTest {

    @ParameterizedTest(name = "{0} incarnation {1}, crash of {2}: {3}")
    @CsvSource({
            // supervisor's state, its incarnation, the crashed incarnation (0: none seen), shown
            "running,    1, 0, running",
            "starting,   1, 0, starting",
            "restarting, 3, 0, restarting",
            "stopping,   1, 0, stopping",
            "stopped,    1, 0, stopped",
            "gave_up,    4, 0, gave_up",
            // a crash stands until a newer incarnation runs...
            "running,    1, 1, crashed",     // its state from before the crash was noticed
            "restarting, 1, 1, crashed",     // backing off
            "stopping,   1, 1, crashed",     // being killed for a timeout
            "starting,   2, 1, crashed",     // the next incarnation is starting
            "running,    1, 2, crashed",     // the event came before the supervisor's word on incarnation 2
            // ...and is history once one does
            "running,    2, 1, running",
            "starting,   3, 1, starting",
            // a slot that gave up or stopped says so, whatever crashed it
            "gave_up,    3, 3, gave_up",
            "stopped,    1, 1, stopped",
    })
    void theRowShows(String state, long incarnation, long crashed, String shown) {
        var crash = crashed == 0 ? null : sigkill(0, crashed, 1);

        DisplayState display = DisplayState.of(status(0, state, incarnation, 0), crash);

        assertThat(display.wireName()).isEqualTo(shown);
    }
}
