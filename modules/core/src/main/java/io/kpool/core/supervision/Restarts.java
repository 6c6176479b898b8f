package io.kpool.core.supervision;

import io.kpool.protocol.event.SupervisorGaveUp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * What follows a worker's end: whether it is started again (its {@link RestartType}), whether that
 * stays within the restart intensity (past it, the worker is quarantined or the supervisor gives
 * up), and how: alone after its backoff, or with its group under one_for_all and rest_for_one.
 */
final class Restarts {

    private final SupervisorIdentity identity;
    private final SupervisorPolicy policy;
    private final RestartPolicy restart;
    private final DoubleSupplier random;
    private final Children children;
    private final Evacuations evacuations;
    private final RestartIntensity intensity;
    private GroupRestart group;
    private boolean gaveUp;

    Restarts(SupervisorIdentity identity, SupervisorPolicy policy, DoubleSupplier random, Children children,
             Evacuations evacuations) {
        this.identity = identity;
        this.policy = policy;
        this.restart = policy.restart();
        this.random = random;
        this.children = children;
        this.evacuations = evacuations;
        this.intensity = new RestartIntensity(restart.maxRestarts(), restart.within());
    }

    /** Whether the supervisor gave up, past its intensity with {@link OnLimit#ESCALATE}. */
    boolean gaveUp() {
        return gaveUp;
    }

    RestartIntensity intensity() {
        return intensity;
    }

    /** Whether the slot waits for its group's restart rather than for its own time. */
    boolean waitsForGroup(Child child) {
        return group != null && group.includes(child.slot());
    }

    /**
     * A worker ended because the supervisor asked it to (its shutdown, its group's restart): it is
     * announced as stopped and waits with its group, or stays down.
     */
    void stoppedAsAsked(Child child, ExitStatus status, StopReason reason, Instant now, List<SupervisorCommand> out) {
        out.add(new SupervisorCommand.Emit(child.stopped(now, status.code(), reason.wireName())));
        if (children.shuttingDown()) {
            child.halt(false);
        } else {
            boolean temporary = restart.restartOf(child.slot()) == RestartType.TEMPORARY;
            if (temporary) {
                child.halt(true);
            } else {
                child.awaitGroup();
            }
            group.ended(child.slot());
            groupDue(now, out);
        }
        out.add(child.publish(now));
    }

    /**
     * A worker ended without being asked to: tells the world, then restarts by the policy.
     *
     * @param reason     {@code exit}, {@code signal}, {@code spawn_failed}, or the timeout it was killed for
     * @param status     how the process ended, null when it never started
     * @param jobId      the job it was running, or null
     * @param progressed whether it finished at least one task
     */
    void ended(Child child, String reason, ExitStatus status, String jobId, boolean progressed, Instant now,
               List<SupervisorCommand> out) {
        boolean normal = status != null && status.normal() && "exit".equals(reason);
        out.add(new SupervisorCommand.Emit(normal
                ? child.stopped(now, 0, "exited")
                : child.crashed(now, reason, status, jobId)));
        int crashesInARow = child.noticeEnd(now, progressed, restart.backoff().resetAfter());
        boolean again = switch (restart.restartOf(child.slot())) {
            case PERMANENT -> true;
            case TRANSIENT -> !normal;
            case TEMPORARY -> false;
        };
        if (!again) {
            child.halt(restart.restartOf(child.slot()) == RestartType.TEMPORARY);
            evacuations.start(child, now, out);
            out.add(child.publish(now));
            return;
        }
        if (!withinIntensity(child, now, out)) {
            return;
        }
        Duration wait = restart.backoff().delay(crashesInARow, random);
        switch (restart.strategy()) {
            case ONE_FOR_ONE -> restartAlone(child, wait, now, out);
            case ONE_FOR_ALL -> restartGroup(child, List.copyOf(children.inStartOrder()), wait, now, out);
            case REST_FOR_ONE -> restartGroup(child, children.startedFrom(child), wait, now, out);
        }
    }

    /** Starts the group again if every member has ended and its wait is over. */
    void groupDue(Instant now, List<SupervisorCommand> out) {
        if (group != null && group.ready(now)) {
            GroupRestart due = group;
            group = null;
            due.restart(children.inStartOrder(), now, out);
        }
    }

    /** The supervisor stops: no group restart any more, every worker drained. */
    void shutDown(Instant now, List<SupervisorCommand> out) {
        group = null;
        children.shutDown(policy.shutdownGrace(), now, out);
    }

    /** Counts the restart; past the limit, quarantines the worker or gives the supervisor up. */
    private boolean withinIntensity(Child child, Instant now, List<SupervisorCommand> out) {
        boolean ownOk = child.allowRestart(now);
        if (restart.onLimit() == OnLimit.QUARANTINE) {
            if (ownOk) {
                return true;
            }
            child.quarantine();
            out.add(new SupervisorCommand.Emit(child.gaveUp(now, restart)));
            evacuations.start(child, now, out);
            out.add(child.publish(now));
            return false;
        }
        if (intensity.allow(now)) {
            return true;
        }
        gaveUp = true;
        out.add(new SupervisorCommand.Emit(new SupervisorGaveUp(identity.name(), intensity.recent(now),
                restart.maxRestarts(), restart.within().toMillis(), now.toEpochMilli())));
        child.halt(false);
        out.add(child.publish(now));
        shutDown(now, out);
        return false;
    }

    private void restartAlone(Child child, Duration wait, Instant now, List<SupervisorCommand> out) {
        if (wait.isZero()) {
            child.restart(now, out);
        } else {
            child.backOffUntil(now.plus(wait));
            out.add(child.publish(now));
        }
    }

    /**
     * Stops the group's running members (SIGTERM, reverse start order); once all have ended and
     * the wait is over, starts the group again in start order.
     */
    private void restartGroup(Child crashed, List<Child> members, Duration wait, Instant now,
                              List<SupervisorCommand> out) {
        if (group == null) {
            group = new GroupRestart(now.plus(wait));
        } else {
            group.notBefore(now.plus(wait));
        }
        group.gather(crashed, members, policy.shutdownGrace(), now, out);
        groupDue(now, out);
    }
}
