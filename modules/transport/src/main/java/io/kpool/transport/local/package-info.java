/**
 * What passes between a worker process and the supervisor that started it, on the same machine:
 * the worker's {@link io.kpool.transport.local.BlackBox} (which task it is running, readable after it
 * died), the {@link io.kpool.transport.local.PoisonFile} (tasks the next incarnation must
 * dead-letter), and the process lifecycle every kpool role shares
 * ({@link io.kpool.transport.local.ProcessLifecycle}: drain on SIGTERM, die with the parent).
 */
package io.kpool.transport.local;
