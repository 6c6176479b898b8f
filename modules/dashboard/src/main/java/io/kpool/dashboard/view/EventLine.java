package io.kpool.dashboard.view;

/**
 * One event of the stream.
 *
 * @param seq  its number in this dashboard (1, 2, ...): a page asks for those after the last it has
 * @param at   when it happened (epoch millis)
 * @param type its wire type, e.g. {@code worker_crashed}
 * @param slot the slot it is about, or -1
 * @param text the event in a few words
 */
public record EventLine(long seq, long at, String type, int slot, String text) {
}
