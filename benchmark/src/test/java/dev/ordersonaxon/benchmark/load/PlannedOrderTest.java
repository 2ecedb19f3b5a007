package dev.ordersonaxon.benchmark.load;

import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PlannedOrderTest {

	private final Random random = new Random(3);

	private final Catalog catalog = Catalog.plan("run", 20, 10, this.random);

	@Test
	void catalogHasThinCustomersAndBareProducts() {
		assertThat(this.catalog.thin()).hasSize(2).allSatisfy((c) -> assertThat(c.creditLimit()).isEqualTo("1.00"));
		assertThat(this.catalog.ample()).hasSize(18);
		assertThat(this.catalog.bare()).hasSize(1).allSatisfy((p) -> assertThat(p.stock()).isZero());
		assertThat(this.catalog.products())
			.allSatisfy((p) -> assertThat(p.price()).isGreaterThanOrEqualTo(Catalog.LOWEST_PRICE).hasScaleOf(2));
	}

	@RepeatedTest(20)
	void creditExceededOrdersGoToThinCustomersAndCostMoreThanTheirLimit() {
		PlannedOrder order = PlannedOrder.plan("o1", OrderKind.CREDIT_EXCEEDED, this.catalog, this.random);

		assertThat(this.catalog.thin()).extracting(Catalog.Customer::customerId).contains(order.customerId());
		assertThat(order.total()).isGreaterThan(Catalog.THIN_CREDIT);
	}

	@RepeatedTest(20)
	void outOfStockOrdersHaveExactlyOneBareLine() {
		PlannedOrder order = PlannedOrder.plan("o1", OrderKind.OUT_OF_STOCK, this.catalog, this.random);

		Set<String> bare = this.catalog.bare().stream().map(Catalog.Product::productId).collect(Collectors.toSet());
		assertThat(order.lines()).filteredOn((line) -> bare.contains(line.productId())).hasSize(1);
		assertThat(this.catalog.ample()).extracting(Catalog.Customer::customerId).contains(order.customerId());
	}

	@RepeatedTest(20)
	void approvalsOrderDistinctStockedProductsAtTheirPrice() {
		PlannedOrder order = PlannedOrder.plan("o1", OrderKind.APPROVE, this.catalog, this.random);

		assertThat(order.lines()).hasSizeBetween(1, 3)
			.extracting(PlannedOrder.Line::productId)
			.doesNotHaveDuplicates()
			.allSatisfy((id) -> assertThat(this.catalog.stocked()).extracting(Catalog.Product::productId).contains(id));
		assertThat(order.lines()).allSatisfy((line) -> {
			assertThat(line.quantity()).isBetween(1, 3);
			assertThat(this.catalog.products()).anySatisfy((p) -> {
				assertThat(p.productId()).isEqualTo(line.productId());
				assertThat(p.price()).isEqualTo(line.unitPrice());
			});
		});
	}

	@Test
	void impliedTransactionsGrowWithTheLines() {
		PlannedOrder order = PlannedOrder.plan("o1", OrderKind.APPROVE, this.catalog, this.random);

		assertThat(order.impliedCommandTransactions()).isEqualTo(3 + order.lines().size());
	}

}
