/**
 * The plain pool users would write instead of kpool, as {@code kpool bench} runs it: K processes
 * ({@code kpool bench member}, {@link io.kpool.bench.peer.PeerMember}) in one consumer group, each
 * poll one transaction; its throughput, its failover, and its side of each scenario (topics, members
 * restarted when they end, input and outputs). The bench's peer in every ratio.
 */
package io.kpool.bench.peer;
