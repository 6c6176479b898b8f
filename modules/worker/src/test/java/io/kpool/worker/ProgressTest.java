package io.kpool.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    void inOrderTheNextTaskIsPastTheLastDoneAndNothingIsAhead() {
        Progress p = new Progress(10, List.of());
        p.fetched(10, 13);
        p.fetched(11, 13);
        p.fetched(12, 13);

        p.done(10);
        p.done(11);

        assertThat(p.next()).isEqualTo(12);
        assertThat(p.doneAhead()).isEmpty();
    }

    @Test
    void outOfOrderTheNextTaskIsTheLowestUndoneAndTheOnesAboveItAreListed() {
        Progress p = new Progress(10, List.of());
        for (long offset = 10; offset < 15; offset++) {
            p.fetched(offset, 15);
        }

        p.done(12);
        p.done(14);
        p.done(10);

        assertThat(p.next()).isEqualTo(11);
        assertThat(p.doneAhead()).containsExactly(12L, 14L);

        p.done(11);
        assertThat(p.next()).isEqualTo(13);
        assertThat(p.doneAhead()).containsExactly(14L);
        p.done(13);
        assertThat(p.next()).as("all done: where the consumer stands, markers included").isEqualTo(15);
        assertThat(p.doneAhead()).isEmpty();
    }

    @Test
    void aNewIncarnationSkipsWhatItsPredecessorCommittedAheadAndKeepsListingIt() {
        Progress p = new Progress(11, List.of(12L, 14L));

        assertThat(p.doneAhead()).containsExactly(12L, 14L);
        assertThat(p.fetched(11, 16)).isTrue();
        assertThat(p.fetched(12, 16)).as("done before: not run again").isFalse();
        assertThat(p.fetched(13, 16)).isTrue();
        assertThat(p.fetched(14, 16)).isFalse();
        assertThat(p.fetched(15, 16)).isTrue();

        p.done(13);
        assertThat(p.next()).isEqualTo(11);
        assertThat(p.doneAhead()).containsExactly(12L, 13L, 14L);
        p.done(11);
        assertThat(p.next()).isEqualTo(15);
        assertThat(p.doneAhead()).isEmpty();
    }

    @Test
    void withNothingTakenTheNextTaskIsWhereTheConsumerStands() {
        Progress p = new Progress(5, List.of());

        p.caughtUp(9);

        assertThat(p.next()).isEqualTo(9);
    }
}
