package io.kpool.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ScenarioTest {

    @Test
    void skewedIsOneLongJobInAHundredAtASteadyRateWithLeastBusyDispatch() {
        Scenario full = Scenario.skewed(false);
        assertThat(full.jobs()).isEqualTo(4_000);
        assertThat(full.rate()).isEqualTo(200);
        assertThat(full.workers()).isEqualTo(4);
        assertThat(full.payloads().stream().filter(p -> p.asInt() == 200)).hasSize(40);
        assertThat(full.payloads().stream().filter(p -> p.asInt() == 1)).hasSize(3_960);
        assertThat(full.dispatcherArgs()).containsExactly("--dispatch", "least-busy");
        assertThat(full.allMemberArgs()).containsExactly("--handler", "sleep");
        assertThat(full.poison().isEmpty()).isTrue();
        assertThat(Scenario.skewed(true).jobs()).isLessThanOrEqualTo(300);
    }

    @Test
    void ioBoundIsFiftyMillisecondJobsAtOnceOnWorkersRunningTwentyFiveAtATime() {
        Scenario full = Scenario.ioBound(false);
        assertThat(full.jobs()).isEqualTo(4_000);
        assertThat(full.workers()).isEqualTo(4);
        assertThat(full.payloads()).allSatisfy(p -> assertThat(p.asInt()).isEqualTo(50));
        assertThat(full.supervisorArgs()).containsExactly("--concurrency", "25");
        assertThat(full.allMemberArgs()).containsExactly("--handler", "sleep");
        assertThat(full.rate()).as("all at once").isZero();
        assertThat(full.compare()).isEqualTo(Scenario.Compare.DONE);
    }

    @Test
    void poisonIsOneJobInTenThousandThatCrashesDouble() {
        Scenario full = Scenario.poison(false);
        assertThat(full.jobs()).isEqualTo(20_000);
        assertThat(full.goodJobs()).isEqualTo(19_998);
        assertThat(full.rate()).isZero();
        assertThat(full.deadline()).isEqualTo(Duration.ofSeconds(60));
        full.poison().stream().forEach(i -> assertThat(full.payloads().get(i).asInt()).isNegative());
        assertThat(full.payloads().stream().filter(p -> p.asInt() < 0)).hasSize(2);
        assertThat(full.allMemberArgs()).containsExactly("--handler", "double");
        Scenario warm = full.warmUp();
        assertThat(warm.poison().isEmpty()).isTrue();
        assertThat(warm.payloads()).allSatisfy(p -> assertThat(p.asInt()).isNotNegative());
    }

    /** A pool that answers every job at once, dead-letters the poison ones, and drops {@code lose} jobs. */
    private static final class FakePool implements ScenarioRun.Sink, ScenarioRun.Source {
        private final ConcurrentLinkedQueue<String> results = new ConcurrentLinkedQueue<>();
        private final ConcurrentLinkedQueue<String> letters = new ConcurrentLinkedQueue<>();
        private final int lose;
        private int sent;

        FakePool(int lose) {
            this.lose = lose;
        }

        @Override
        public synchronized void send(String id, JsonNode payload) {
            if (sent++ < lose) {
                return;
            }
            (payload.asInt() < 0 ? letters : results).add(id);
        }

        @Override
        public void flush() {
        }

        @Override
        public void poll(Duration timeout, Consumer<String> onResult, Consumer<String> onDeadLetter) {
            List<String> r = new ArrayList<>();
            for (String id; (id = results.poll()) != null; ) {
                r.add(id);
            }
            r.forEach(onResult);
            r.forEach(onResult); // duplicates count once
            for (String id; (id = letters.poll()) != null; ) {
                onDeadLetter.accept(id);
            }
            onResult.accept("someone-else-1");
        }
    }

    @Test
    void drivingCountsGoodResultsOnceAndDeadLettersAndSaysWhenAllAreDone() throws Exception {
        Scenario poison = Scenario.poison(true);
        FakePool pool = new FakePool(0);
        ScenarioResult.Side side = ScenarioRun.drive(poison, "fake", pool, pool);
        assertThat(side.goodResults()).isEqualTo(poison.goodJobs());
        assertThat(side.deadLetters()).isEqualTo(1);
        assertThat(side.latency().count()).isEqualTo(poison.goodJobs());
        assertThat(side.doneMs()).isNotNull();
    }

    @Test
    void whatIsNotDoneByTheDeadlineIsReportedAsNotDone() throws Exception {
        Scenario poison = Scenario.poison(true);
        Scenario shortOne = new Scenario(poison.name(), poison.description(), poison.handler(), poison.payloads(),
                poison.poison(), poison.workers(), List.of(), List.of(), List.of(), 0, Duration.ofMillis(300),
                poison.compare());
        FakePool pool = new FakePool(5);
        ScenarioResult.Side side = ScenarioRun.drive(shortOne, "fake", pool, pool);
        assertThat(side.goodResults()).isEqualTo(poison.goodJobs() - 5);
        assertThat(side.doneMs()).isNull();
    }
}
