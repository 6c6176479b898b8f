package io.kpool.dashboard;

import io.kpool.dashboard.view.PoolSnapshot;

/**
 * A snapshot on its way to the pages, with its state message written once for all of them.
 *
 * @param seq      its number (1, 2, ...): a page never goes back to an older frame
 * @param snapshot the view
 * @param state    the {@code state} message's JSON: everything but the events and dead letters, which
 *                 each page is sent only the news of
 */
record Frame(long seq, PoolSnapshot snapshot, String state) {
}
