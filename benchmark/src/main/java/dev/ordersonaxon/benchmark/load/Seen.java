package dev.ordersonaxon.benchmark.load;

import dev.ordersonaxon.benchmark.load.Views.OrderView;

/**
 * An order's view and when the tool saw it.
 *
 * @param view the view as read or received
 * @param at {@link System#nanoTime()} when the read was answered or the event arrived
 */
record Seen(OrderView view, long at) {
}
