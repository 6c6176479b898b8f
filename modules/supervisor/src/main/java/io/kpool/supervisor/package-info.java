/**
 * The supervisor role's shell: it carries out what {@link io.kpool.core.supervision.Supervision}
 * decides. {@link io.kpool.supervisor.ProcessSpawner} starts and signals the worker processes (behind the
 * {@link io.kpool.supervisor.Spawner} seam), {@link io.kpool.supervisor.SparePool} keeps warm spares and
 * {@link io.kpool.supervisor.WorkerFiles} holds their files (black boxes, poison files, logs);
 * {@link io.kpool.supervisor.ProcessOutput} carries each one's output, line by line, to the
 * supervisor's own output (tagged with the slot) and to a bounded {@link io.kpool.supervisor.RollingLog};
 * {@link io.kpool.supervisor.Supervisor} owns the Kafka clients and the mailbox on one thread,
 * turning process exits and heartbeats into inputs for the state machine.
 */
package io.kpool.supervisor;
