/**
 * The dashboard's model of a pool, pure and single-threaded, with time from an injected clock:
 * {@link io.kpool.dashboard.view.PoolView} folds the records of the pool's topics (slot states,
 * heartbeats, events, dead letters, results) into a {@link io.kpool.dashboard.view.PoolSnapshot}: the
 * supervision tree ({@link io.kpool.dashboard.view.SupervisorView}, {@link io.kpool.dashboard.view.SlotView},
 * each row's {@link io.kpool.dashboard.view.DisplayState}), the {@link io.kpool.dashboard.view.Totals},
 * throughput and latency a second at a time ({@link io.kpool.dashboard.view.Series}, counted by
 * {@code SecondSeries} in {@code LatencyHistogram}s), and the recent events and dead letters.
 */
package io.kpool.dashboard.view;
