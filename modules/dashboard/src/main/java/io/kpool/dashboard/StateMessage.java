package io.kpool.dashboard;

import io.kpool.dashboard.view.PoolSnapshot;
import io.kpool.dashboard.view.Series;
import io.kpool.dashboard.view.SupervisorView;
import io.kpool.dashboard.view.Totals;
import java.util.List;

/**
 * The {@code state} message a page gets every refresh: the supervision tree, the totals and the chart.
 *
 * @param at          when the view was taken (epoch millis)
 * @param prefix      the pool's topic prefix
 * @param bootstrap   its Kafka
 * @param trouble     why the dashboard cannot read the pool now, or null while it can
 * @param supervisors the supervision tree
 * @param totals      the header's numbers
 * @param series      throughput and latency, one point a second
 * @param refreshMs       how often the state comes (the page calls the stream stale after a few missed)
 * @param eventsKept      how many events the page keeps
 * @param deadLettersKept how many dead letters the page keeps
 */
record StateMessage(long at, String prefix, String bootstrap, String trouble, List<SupervisorView> supervisors,
                    Totals totals, Series series, long refreshMs, int eventsKept, int deadLettersKept) {

    static StateMessage of(PoolSnapshot snapshot, Board.Pool pool, String trouble) {
        return new StateMessage(snapshot.at(), pool.prefix(), pool.bootstrap(), trouble, snapshot.supervisors(),
                snapshot.totals(), snapshot.series(), pool.settings().refresh().toMillis(), pool.settings().events(),
                pool.settings().deadLetters());
    }
}
