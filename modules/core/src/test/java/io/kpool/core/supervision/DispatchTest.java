package io.kpool.core.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import io.kpool.testkit.TestClock;
import io.kpool.protocol.WorkerStatus;
import io.kpool.protocol.event.SupervisorGaveUp;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Inputs and commands are dispatched by kind through visitors: every kind has its own visitor
 * method, so a new kind does not compile until every visitor (the core's reaction to inputs, the
 * shell's execution of commands) handles it.
 */
class DispatchTest {

    /** One input of each kind; a kind missing here fails {@link #theSamplesCoverEveryKindOfInput()}. */
    private static final List<SupervisorInput> EVERY_INPUT = List.of(
            new SupervisorInput.Spawned(0, 1, 42),
            new SupervisorInput.SpawnFailed(0, 1, "no java"),
            new SupervisorInput.Exited(0, 1, new ExitStatus(1), (Culprit) null, List.of()),
            new SupervisorInput.HeartbeatSeen(0, 1, 0),
            new SupervisorInput.LocalBeat(0, 1, 0, null),
            new SupervisorInput.EvacuationEnded(0, 1, true, "exit 0"),
            new SupervisorInput.Tick(),
            new SupervisorInput.Shutdown());

    /** One command of each kind; a kind missing here fails {@link #theSamplesCoverEveryKindOfCommand()}. */
    private static final List<SupervisorCommand> EVERY_COMMAND = List.of(
            new SupervisorCommand.Spawn(0, 1, List.of()),
            new SupervisorCommand.Evacuate(0, 2, List.of()),
            new SupervisorCommand.Kill(0, 1, 42, Signal.TERM),
            new SupervisorCommand.Publish(new Supervision(new SupervisorIdentity("sup", "host", 1), List.of(0),
                    SupervisorPolicy.ofDefaults(), new TestClock(), () -> 0.0).status(0)),
            new SupervisorCommand.Emit(new SupervisorGaveUp("sup", 11, 10, 60_000, 0)));

    @Test
    void theSamplesCoverEveryKindOfInput() {
        assertThat(EVERY_INPUT).extracting(Object::getClass)
                .containsExactlyInAnyOrder(SupervisorInput.class.getPermittedSubclasses());
    }

    @Test
    void theInputVisitorHasOneMethodPerKindOfInput() {
        assertThat(parameterTypes(SupervisorInput.Visitor.class))
                .containsExactlyInAnyOrder(SupervisorInput.class.getPermittedSubclasses());
    }

    @Test
    void eachKindOfInputReachesItsOwnVisitorMethod() {
        SupervisorInput.Visitor<String> names = new SupervisorInput.Visitor<>() {
            @Override
            public String spawned(SupervisorInput.Spawned input) {
                return "spawned";
            }

            @Override
            public String spawnFailed(SupervisorInput.SpawnFailed input) {
                return "spawnFailed";
            }

            @Override
            public String exited(SupervisorInput.Exited input) {
                return "exited";
            }

            @Override
            public String heartbeatSeen(SupervisorInput.HeartbeatSeen input) {
                return "heartbeatSeen";
            }

            @Override
            public String localBeat(SupervisorInput.LocalBeat input) {
                return "localBeat";
            }

            @Override
            public String evacuationEnded(SupervisorInput.EvacuationEnded input) {
                return "evacuationEnded";
            }

            @Override
            public String tick(SupervisorInput.Tick input) {
                return "tick";
            }

            @Override
            public String shutdown(SupervisorInput.Shutdown input) {
                return "shutdown";
            }
        };

        assertThat(EVERY_INPUT).extracting(input -> input.accept(names)).containsExactly("spawned", "spawnFailed",
                "exited", "heartbeatSeen", "localBeat", "evacuationEnded", "tick", "shutdown");
    }

    @Test
    void theSamplesCoverEveryKindOfCommand() {
        assertThat(EVERY_COMMAND).extracting(Object::getClass)
                .containsExactlyInAnyOrder(SupervisorCommand.class.getPermittedSubclasses());
    }

    @Test
    void theCommandVisitorHasOneMethodPerKindOfCommand() {
        assertThat(parameterTypes(SupervisorCommand.Visitor.class))
                .containsExactlyInAnyOrder(SupervisorCommand.class.getPermittedSubclasses());
    }

    @Test
    void eachKindOfCommandReachesItsOwnVisitorMethod() {
        SupervisorCommand.Visitor<String> names = new SupervisorCommand.Visitor<>() {
            @Override
            public String spawn(SupervisorCommand.Spawn command) {
                return "spawn";
            }

            @Override
            public String evacuate(SupervisorCommand.Evacuate command) {
                return "evacuate";
            }

            @Override
            public String kill(SupervisorCommand.Kill command) {
                return "kill";
            }

            @Override
            public String publish(SupervisorCommand.Publish command) {
                return "publish";
            }

            @Override
            public String emit(SupervisorCommand.Emit command) {
                return "emit";
            }
        };

        assertThat(EVERY_COMMAND).extracting(command -> command.accept(names))
                .containsExactly("spawn", "evacuate", "kill", "publish", "emit");
    }

    @Test
    void aSupervisorTakesInEveryKindOfInputOfAnEndedIncarnationWithoutAnAnswer() {
        Supervision s = new Supervision(new SupervisorIdentity("sup", "host", 1), List.of(0),
                SupervisorPolicy.ofDefaults(), new TestClock(), () -> 0.0);
        s.start();
        WorkerStatus before = s.status(0);

        for (SupervisorInput input : List.of(
                new SupervisorInput.Spawned(0, 7, 42),
                new SupervisorInput.SpawnFailed(0, 7, "no java"),
                new SupervisorInput.Exited(0, 7, new ExitStatus(1), (Culprit) null, List.of()),
                new SupervisorInput.HeartbeatSeen(0, 7, 0),
                new SupervisorInput.LocalBeat(0, 7, 0, null),
                new SupervisorInput.EvacuationEnded(0, 7, false, "exit 1"))) {
            assertThat(s.on(input)).as("%s", input).isEmpty();
        }
        assertThat(s.status(0)).isEqualTo(before);
    }

    @Test
    void aSupervisorAnswersTheInputsThatAreNotAboutOneIncarnation() {
        Supervision s = new Supervision(new SupervisorIdentity("sup", "host", 1), List.of(0),
                SupervisorPolicy.ofDefaults(), new TestClock(), () -> 0.0);
        s.start();
        s.on(new SupervisorInput.Spawned(0, 1, 42));

        assertThat(s.on(new SupervisorInput.Tick())).as("nothing is due").isEmpty();
        assertThat(s.on(new SupervisorInput.Shutdown())).extracting(Object::getClass)
                .containsExactly(SupervisorCommand.Kill.class, SupervisorCommand.Publish.class);
    }

    private static List<Class<?>> parameterTypes(Class<?> visitor) {
        return Arrays.stream(visitor.getDeclaredMethods()).filter(m -> !m.isSynthetic())
                .<Class<?>>map(m -> m.getParameterTypes()[0]).toList();
    }
}
