package io.kpool.core.supervision;

import io.kpool.protocol.WorkerStatus;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.DoubleSupplier;

/**
 * One supervisor's decisions about its slots, with OTP's semantics for strategies, restart types
 * and restart intensity, and more that OTP leaves out: backoff, heartbeat and job timeouts, poison
 * jobs. Feed it {@link SupervisorInput}s, carry out the {@link SupervisorCommand}s it answers.
 * Pure and single-threaded; time comes from the injected clock.
 *
 * <p>A worker that ends is restarted when its {@link RestartType} says so; a restart counts
 * against the intensity (the supervisor's, or with {@link OnLimit#QUARANTINE} the worker's own);
 * past it the supervisor gives up (escalates) or parks the worker. Under one_for_all or
 * rest_for_one the siblings concerned get SIGTERM (in reverse start order) and, once every one of
 * them has ended, the group is started again in start order; temporary workers are not.
 */
public final class Supervision {

    private final SupervisorIdentity identity;
    private final SupervisorPolicy policy;
    private final InstantSource clock;
    private final Children children = new Children();
    private final Evacuations evacuations;
    private final Restarts restarts;

    /**
     * @param identity  who this supervisor is, published with each slot's state
     * @param slots     the slots it owns, in start order
     * @param recovered what a previous supervisor of these slots published, by slot: counters,
     *                  history and suspect jobs carry on from there
     * @param random    numbers in [0, 1) for backoff jitter
     */
    public Supervision(SupervisorIdentity identity, List<Integer> slots, Map<Integer, WorkerStatus> recovered,
                       SupervisorPolicy policy, InstantSource clock, DoubleSupplier random) {
        if (slots.isEmpty()) {
            throw new IllegalArgumentException("a supervisor needs at least one slot");
        }
        this.identity = identity;
        this.policy = policy;
        this.clock = clock;
        this.evacuations = new Evacuations(policy, random);
        this.restarts = new Restarts(identity, policy, random, children, evacuations);
        RestartPolicy restart = policy.restart();
        Instant now = clock.instant();
        for (int slot : slots) {
            Child child = new Child(slot, identity, new CrashLedger(slot, policy.maxAttempts()),
                    new RestartIntensity(restart.maxRestarts(), restart.within()), policy.historySize(), now);
            WorkerStatus previous = recovered.get(slot);
            if (previous != null) {
                child.resume(previous);
            }
            children.add(child);
        }
    }

    /** A supervisor with nothing to recover. */
    public Supervision(SupervisorIdentity identity, List<Integer> slots, SupervisorPolicy policy, InstantSource clock,
                       DoubleSupplier random) {
        this(identity, slots, Map.of(), policy, clock, random);
    }

    /** Starts every slot's worker, in start order. */
    public List<SupervisorCommand> start() {
        List<SupervisorCommand> out = new ArrayList<>();
        Instant now = clock.instant();
        for (Child child : children.inStartOrder()) {
            if (child.incarnation() > 0) {
                child.remember(now, "resumed", "by supervisor " + identity.name() + " after incarnation "
                        + child.incarnation());
            }
            child.spawn(now, out);
        }
        return out;
    }

    /** Takes in what happened; answers what to do about it. */
    public List<SupervisorCommand> on(SupervisorInput input) {
        Reaction reaction = new Reaction(clock.instant());
        input.accept(reaction);
        return reaction.out;
    }

    /** Whether every worker has stopped after a {@link SupervisorInput.Shutdown} or after giving up. */
    public boolean stopped() {
        return children.stopped();
    }

    /** Whether the supervisor gave up: more restarts than its intensity allows, with {@link OnLimit#ESCALATE}. */
    public boolean gaveUp() {
        return restarts.gaveUp();
    }

    /** Restarts within the supervisor's intensity window now: past {@link #maxRestarts()} it gives up (or quarantines). */
    public int recentRestarts() {
        return restarts.intensity().recent(clock.instant());
    }

    /** The most restarts the intensity allows within its window. */
    public int maxRestarts() {
        return restarts.intensity().maxRestarts();
    }

    /** A slot's lifecycle state. */
    public SlotState state(int slot) {
        return children.get(slot).state();
    }

    /** How many times a slot has been restarted. */
    public int restarts(int slot) {
        return children.get(slot).restarts();
    }

    /** A slot's current incarnation. */
    public long incarnation(int slot) {
        return children.get(slot).incarnation();
    }

    /** The slot's state as it would be published now. */
    public WorkerStatus status(int slot) {
        return children.get(slot).status(clock.instant());
    }

    /** The seed's {@code over_limit}: the slots restarted more than {@code limit} times. */
    public List<Integer> overLimit(int limit) {
        return children.inStartOrder().stream().filter(c -> c.restarts() > limit).map(Child::slot).toList();
    }

    /** How many crashes the task at {@code offset} of {@code slot} has caused and not yet been judged for. */
    public int crashesOf(int slot, long offset) {
        return children.get(slot).ledger().crashes(offset);
    }

    /** The state data of a slot, for the tests of this package. */
    Phase phase(int slot) {
        return children.get(slot).phase();
    }

    /**
     * What one input changes, and the commands it answers. One method per kind of input: a new
     * kind does not compile until it is handled here.
     */
    private final class Reaction implements SupervisorInput.Visitor<Void> {

        private final Instant now;
        private final List<SupervisorCommand> out = new ArrayList<>();

        Reaction(Instant now) {
            this.now = now;
        }

        @Override
        public Void spawned(SupervisorInput.Spawned s) {
            children.current(s.slot(), s.incarnation())
                    .ifPresent(child -> child.spawned(s.pid(), children.shuttingDown(), now, out));
            return null;
        }

        @Override
        public Void spawnFailed(SupervisorInput.SpawnFailed f) {
            children.current(f.slot(), f.incarnation()).ifPresent(child -> {
                child.remember(now, "spawn_failed", f.error());
                restarts.ended(child, "spawn_failed", null, null, false, now, out);
            });
            return null;
        }

        @Override
        public Void exited(SupervisorInput.Exited e) {
            children.current(e.slot(), e.incarnation()).ifPresent(child -> exited(child, e));
            return null;
        }

        @Override
        public Void heartbeatSeen(SupervisorInput.HeartbeatSeen h) {
            children.current(h.slot(), h.incarnation()).ifPresent(child ->
                    child.heartbeat(h.position(), optional(h.busySince()), now, out));
            return null;
        }

        @Override
        public Void localBeat(SupervisorInput.LocalBeat b) {
            children.current(b.slot(), b.incarnation()).ifPresent(child ->
                    child.localBeat(Instant.ofEpochMilli(b.beatAt()), optional(b.busySince()), now));
            return null;
        }

        @Override
        public Void evacuationEnded(SupervisorInput.EvacuationEnded e) {
            children.find(e.slot()).ifPresent(child -> evacuations.ended(child, e, now));
            return null;
        }

        @Override
        public Void tick(SupervisorInput.Tick tick) {
            restarts.groupDue(now, out);
            for (Child child : children.inStartOrder()) {
                child.tick(now, policy, restarts.waitsForGroup(child), out);
            }
            if (!children.shuttingDown()) {
                evacuations.due(children.inStartOrder(), now, out);
            }
            return null;
        }

        @Override
        public Void shutdown(SupervisorInput.Shutdown shutdown) {
            restarts.shutDown(now, out);
            return null;
        }

        /**
         * A stop the supervisor asked for ends as a stop; a stop to cancel a job restarts the slot
         * at once, blaming nobody; any other end is a crash of the jobs it ran.
         */
        private void exited(Child child, SupervisorInput.Exited e) {
            child.exitedWith(e.status());
            Optional<StopReason> why = child.stopReason();
            if (children.shuttingDown() || why.filter(reason -> !reason.crash()).isPresent()) {
                restarts.stoppedAsAsked(child, e.status(),
                        children.shuttingDown() ? StopReason.SHUTDOWN : why.orElseThrow(), now, out);
                return;
            }
            if (e.stoppedToCancel()) {
                // Not a crash: no suspect, nothing against the intensity or the backoff, no sibling
                // touched, started again whatever its restart type: the stop was kpool's own doing.
                child.restartAfterCancel(e.status().code(), e.cancelled(), now, out);
                return;
            }
            // Every task running at the crash is a suspect; a worker running several at once runs the
            // suspects alone next time, so only a task that crashes it alone is judged poison.
            child.blame(e.culprits(), e.status(), e.stderrTail(), now, policy.maxAttempts());
            String reason = why.map(StopReason::wireName)
                    .orElse(e.status().signal().isPresent() ? "signal" : "exit");
            restarts.ended(child, reason, e.status(), e.culprits().isEmpty() ? null : e.culprits().get(0).jobId(),
                    e.processed() > 0, now, out);
        }
    }

    private static OptionalLong optional(Long value) {
        return value == null ? OptionalLong.empty() : OptionalLong.of(value);
    }
}
