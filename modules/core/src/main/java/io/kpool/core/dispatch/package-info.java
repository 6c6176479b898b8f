/**
 * Where a job goes: the dispatcher's book of slots ({@link io.kpool.core.dispatch.SlotTable}) and
 * the strategies that pick a slot from it ({@link io.kpool.core.dispatch.RoundRobin},
 * {@link io.kpool.core.dispatch.LeastBusy}). Dead slots are never picked.
 */
package io.kpool.core.dispatch;
