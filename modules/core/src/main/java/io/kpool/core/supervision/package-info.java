/**
 * The supervisor's decisions as a pure state machine ({@link io.kpool.core.supervision.Supervision}):
 * inputs are what happened to the worker processes (spawned, exited, heartbeat seen, clock tick,
 * shutdown); outputs are commands for the shell to carry out (spawn, kill, publish a slot's state,
 * emit an event), each kind dispatched through a visitor so that a new kind does not compile until
 * it is handled. The legal lifecycle of a slot is the table in
 * {@link io.kpool.core.supervision.SlotState}; each state has its own record of data
 * ({@code Phase}), held by the slot's {@code Child}, which alone changes it. {@code Restarts} decides
 * what follows a worker's end, {@code GroupRestart} carries out a one_for_all or rest_for_one
 * restart, {@code Evacuations} moves the tasks of a slot that will not run. Time comes from an
 * injected clock.
 */
package io.kpool.core.supervision;
