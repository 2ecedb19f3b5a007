package dev.ordersonaxon.benchmark.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Figures of a load run, over the measured window (after warm-up).
 *
 * @param targetRate orders per second asked for (open loop), or 0 in closed loop
 * @param concurrency orders in flight at once (closed loop), or 0 in open loop
 * @param measuredSeconds length of the measured window
 * @param pollIntervalMs how often an order's view was read: the granularity of place →
 * final
 * @param ordersPlaced orders whose place request was sent in the window, refused ones
 * included: the offered load
 * @param ordersCompleted of those, orders seen in their expected final state
 * @param ordersUnfinished of those, orders not final when the run gave up waiting
 * @param unexpectedOutcomes orders that ended in another state than planned
 * @param requestErrors place or cancel requests answered with an unexpected status (a 503
 * to a placement is a refusal, not an error) or failing
 * @param ordersPerSecond orders of the window completed end to end, per second of the
 * window
 * @param eventsPerSecond events appended to the event store per second (head movement)
 * @param commandTransactionsPerSecond command transactions per second implied by the
 * outcomes: place, credit, one per line, approve or reject, and releases
 * @param queryRequestsPerSecond reads the tool sent to the query API, per second
 * @param placeLatency POST /api/orders answered, from the moment it was due
 * @param placeToFinal place sent → final state seen, orders the saga decides (approved,
 * rejected, and any accepted order that ended {@code REJECTED TIMEOUT}: the slow tail)
 * @param placeToFinalByKind the same per planned kind; cancels from the cancel request
 * @param outcomes orders per planned kind
 * @param finalStates orders per final state seen (status and rejection reason)
 * @param series per-second place → final latency of saga-decided orders
 * @param invariantViolations broken invariants, empty when all hold
 * @param commandSidePeakRssMb peak resident memory of the local process serving the
 * command API during the run, or 0 when it is not local
 * @param querySidePeakRssMb the same for the query API
 * @param observation how final states were seen: {@code per-customer} (a stream of live
 * updates per customer), {@code per-order} (one per order; {@code sse} in files written
 * before customer streams existed) or {@code poll}; null in files written before streams
 * existed
 * @param sseStreamsOpened per order: of the orders placed in the window, those whose
 * stream was opened (answered 200 with an event stream); per customer: the customer
 * streams opened over the run, reopenings included
 * @param sseFallbacks of those orders, those that had to be polled because the stream was
 * refused, failed, ended or stayed silent
 * @param sseFallbackReasons the fallbacks per reason
 * @param ordersAccepted of the orders placed in the window, those answered 202
 * @param offeredPerSecond orders placed in the window per second of it, refused ones
 * included
 * @param acceptedPerSecond orders accepted in the window per second of it
 * @param timeoutShare of the orders accepted in the window, the share (0 to 1) that ended
 * {@code REJECTED TIMEOUT}
 * @param refusals the placements answered 503
 * @param sendLag open loop: how late after its due time each order of the window was
 * handed to the HTTP client (the sender's own delay); empty in closed loop
 * @param customerStreamsReopened per customer: streams reopened (with
 * {@code Last-Event-ID}) after the query side ended them or they failed
 * @param cost CPU per process and PostgreSQL's work over the window, per order; empty in
 * files written before it was measured
 */
public record LoadResult(double targetRate, int concurrency, double measuredSeconds, double pollIntervalMs,
		int ordersPlaced, int ordersCompleted, int ordersUnfinished, int unexpectedOutcomes, int requestErrors,
		double ordersPerSecond, double eventsPerSecond, double commandTransactionsPerSecond,
		double queryRequestsPerSecond, LatencySummary placeLatency, LatencySummary placeToFinal,
		Map<String, LatencySummary> placeToFinalByKind, Map<String, Integer> outcomes, Map<String, Integer> finalStates,
		List<LatencyPoint> series, List<String> invariantViolations, double commandSidePeakRssMb,
		double querySidePeakRssMb, String observation, int sseStreamsOpened, int sseFallbacks,
		Map<String, Integer> sseFallbackReasons, int ordersAccepted, double offeredPerSecond, double acceptedPerSecond,
		double timeoutShare, RefusalSummary refusals, LatencySummary sendLag, int customerStreamsReopened,
		CostPerOrder cost) {

	public LoadResult {
		invariantViolations = List.copyOf(invariantViolations);
		series = List.copyOf(series);
		sseFallbackReasons = Collections
			.unmodifiableMap(new TreeMap<>((sseFallbackReasons != null) ? sseFallbackReasons : Map.of()));
		refusals = (refusals != null) ? refusals : RefusalSummary.NONE;
		sendLag = (sendLag != null) ? sendLag : LatencySummary.EMPTY;
		cost = (cost != null) ? cost : CostPerOrder.NONE;
	}

	/** The broken invariants and the refusals that broke the contract. */
	public List<String> brokenRules() {
		List<String> broken = new ArrayList<>(this.invariantViolations);
		broken.addAll(this.refusals.violations());
		return broken;
	}

	/** Whether final states were seen through streams of live updates. */
	public boolean streamed() {
		return perOrderStreams() || perCustomerStreams();
	}

	/** Whether through one stream per order. */
	public boolean perOrderStreams() {
		return "sse".equals(this.observation) || "per-order".equals(this.observation);
	}

	/** Whether through one stream per customer. */
	public boolean perCustomerStreams() {
		return "per-customer".equals(this.observation);
	}

}
