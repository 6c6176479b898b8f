/**
 * The supervisor's decisions as a pure state machine ({@link io.kpool.core.supervision.Supervision}):
 * inputs are what happened to the worker processes (spawned, exited, heartbeat seen, clock tick,
 * shutdown); outputs are commands for the shell to carry out (spawn, kill, publish a slot's state,
 * emit an event). The legal lifecycle of a slot is the table in
 * {@link io.kpool.core.supervision.SlotState}; time comes from an injected clock.
 */
package io.kpool.core.supervision;
