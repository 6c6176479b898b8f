/**
 * kpool on a secured Kafka: the user's client properties ({@link io.kpool.transport.security.ClientProperties},
 * {@code --kafka-config}), loaded and checked once; what each role may do
 * ({@link io.kpool.transport.security.PoolAcls}, one principal per role); and the refusals of a secured
 * cluster turned into one line that says what failed ({@link io.kpool.transport.security.KafkaRefusal},
 * {@link io.kpool.transport.security.ListenerProbe}).
 */
package io.kpool.transport.security;
