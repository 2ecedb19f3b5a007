package dev.ordersonaxon.benchmark.load;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The customers and products a load run creates, sized so that each kind of order ends
 * the same way however the orders interleave: ample customers never run out of credit,
 * thin ones can afford nothing, stocked products never run out and bare ones have
 * nothing.
 *
 * @param ample customers with credit for everything the run can order
 * @param thin customers whose limit is below the cheapest possible order
 * @param stocked products with stock for everything the run can order
 * @param bare products without stock
 */
record Catalog(List<Customer> ample, List<Customer> thin, List<Product> stocked, List<Product> bare) {

	static final BigDecimal AMPLE_CREDIT = new BigDecimal("1000000000.00");

	static final BigDecimal THIN_CREDIT = new BigDecimal("1.00");

	static final int AMPLE_STOCK = 100_000_000;

	/**
	 * Prices start above the thin customers' limit, so every order of theirs exceeds it.
	 */
	static final BigDecimal LOWEST_PRICE = new BigDecimal("2.00");

	static Catalog plan(String prefix, int customers, int products, Random random) {
		if (customers < 2 || products < 2) {
			throw new IllegalArgumentException("need at least 2 customers and 2 products");
		}
		int thinCount = Math.max(1, customers / 10);
		int bareCount = Math.max(1, products / 10);
		List<Customer> ample = new ArrayList<>();
		List<Customer> thin = new ArrayList<>();
		for (int i = 0; i < customers; i++) {
			String id = prefix + "-c" + i;
			if (i < thinCount) {
				thin.add(new Customer(id, "Thin customer " + i, THIN_CREDIT));
			}
			else {
				ample.add(new Customer(id, "Customer " + i, AMPLE_CREDIT));
			}
		}
		List<Product> stocked = new ArrayList<>();
		List<Product> bare = new ArrayList<>();
		for (int i = 0; i < products; i++) {
			String id = prefix + "-p" + i;
			BigDecimal price = LOWEST_PRICE.add(BigDecimal.valueOf(random.nextInt(9_800), 2))
				.setScale(2, RoundingMode.UNNECESSARY);
			if (i < bareCount) {
				bare.add(new Product(id, "Sold-out product " + i, price, 0));
			}
			else {
				stocked.add(new Product(id, "Product " + i, price, AMPLE_STOCK));
			}
		}
		return new Catalog(List.copyOf(ample), List.copyOf(thin), List.copyOf(stocked), List.copyOf(bare));
	}

	List<Customer> customers() {
		List<Customer> all = new ArrayList<>(this.thin);
		all.addAll(this.ample);
		return all;
	}

	List<Product> products() {
		List<Product> all = new ArrayList<>(this.bare);
		all.addAll(this.stocked);
		return all;
	}

	/** A customer to create: the body of POST /api/customers. */
	record Customer(String customerId, String name, BigDecimal creditLimit) {
	}

	/** A product to create: the body of POST /api/products. */
	record Product(String productId, String name, BigDecimal price, int stock) {
	}

}
