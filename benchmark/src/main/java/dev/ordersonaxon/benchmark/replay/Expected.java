package dev.ordersonaxon.benchmark.replay;

import dev.ordersonaxon.api.Money;

/** What a rebuilt view must show for the seeded histories. */
final class Expected {

	private Expected() {
	}

	record Customer(Money creditLimit, Money creditReserved) {
	}

	record Product(long stockAvailable, long stockReserved) {
	}

}
