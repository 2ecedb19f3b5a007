package dev.ordersonaxon.query.product;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.ordersonaxon.api.Money;
import dev.ordersonaxon.api.PageView;
import dev.ordersonaxon.api.order.OrderId;
import dev.ordersonaxon.api.product.FindProductQuery;
import dev.ordersonaxon.api.product.FindProductsQuery;
import dev.ordersonaxon.api.product.ProductCreatedEvent;
import dev.ordersonaxon.api.product.ProductId;
import dev.ordersonaxon.api.product.ProductRestockedEvent;
import dev.ordersonaxon.api.product.ProductView;
import dev.ordersonaxon.api.product.StockReleasedEvent;
import dev.ordersonaxon.api.product.StockReservedEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProductProjectionTest {

	private static final ProductId WIDGET = new ProductId("widget");

	private static final OrderId ORDER = new OrderId("order-1");

	private final InMemoryProductViews views = new InMemoryProductViews();

	private final ProductProjection projection = new ProductProjection(this.views);

	@Test
	void createdProductHasAllItsStockAvailable() {
		this.projection.on(new ProductCreatedEvent(WIDGET, "Widget", Money.of("9.99"), 10));

		assertThat(view()).isEqualTo(new ProductView(WIDGET, "Widget", Money.of("9.99"), 10, 0));
	}

	@Test
	void restockAddsAvailableStock() {
		this.projection.on(new ProductCreatedEvent(WIDGET, "Widget", Money.of("9.99"), 10));

		this.projection.on(new ProductRestockedEvent(WIDGET, 5));

		assertThat(view().stockAvailable()).isEqualTo(15);
		assertThat(view().stockReserved()).isZero();
	}

	@Test
	void reservedStockMovesFromAvailableToReserved() {
		this.projection.on(new ProductCreatedEvent(WIDGET, "Widget", Money.of("9.99"), 10));

		this.projection.on(new StockReservedEvent(WIDGET, ORDER, 4));

		assertThat(view().stockAvailable()).isEqualTo(6);
		assertThat(view().stockReserved()).isEqualTo(4);
	}

	@Test
	void releasedStockMovesBackToAvailable() {
		this.projection.on(new ProductCreatedEvent(WIDGET, "Widget", Money.of("9.99"), 10));
		this.projection.on(new StockReservedEvent(WIDGET, ORDER, 4));

		this.projection.on(new StockReleasedEvent(WIDGET, ORDER, 4));

		assertThat(view().stockAvailable()).isEqualTo(10);
		assertThat(view().stockReserved()).isZero();
	}

	@Test
	void eventsForAnUnknownProductAreIgnored() {
		this.projection.on(new StockReservedEvent(WIDGET, ORDER, 1));

		assertThat(this.views.find(WIDGET)).isEmpty();
	}

	@Test
	void resetClearsTheView() {
		this.projection.on(new ProductCreatedEvent(WIDGET, "Widget", Money.of("9.99"), 10));

		this.projection.reset();

		assertThat(this.views.find(WIDGET)).isEmpty();
	}

	@Test
	void answersQueriesFromTheView() {
		this.projection.on(new ProductCreatedEvent(WIDGET, "Widget", Money.of("9.99"), 10));
		this.projection.on(new ProductCreatedEvent(new ProductId("anvil"), "Anvil", Money.of("99.00"), 1));

		assertThat(this.projection.handle(new FindProductQuery(WIDGET))).contains(view());
		assertThat(this.projection.handle(new FindProductQuery(new ProductId("none")))).isEmpty();
		PageView<ProductView> page = this.projection.handle(new FindProductsQuery(0, 1));
		assertThat(page.content()).extracting(ProductView::name).containsExactly("Anvil");
		assertThat(page.totalPages()).isEqualTo(2);
	}

	private ProductView view() {
		return this.views.find(WIDGET).orElseThrow();
	}

	static class InMemoryProductViews implements ProductViews {

		private final Map<ProductId, ProductView> views = new LinkedHashMap<>();

		@Override
		public Optional<ProductView> find(ProductId productId) {
			return Optional.ofNullable(this.views.get(productId));
		}

		@Override
		public void save(ProductView view) {
			this.views.put(view.productId(), view);
		}

		@Override
		public PageView<ProductView> page(int page, int size) {
			List<ProductView> sorted = this.views.values()
				.stream()
				.sorted(Comparator.comparing(ProductView::name))
				.skip((long) page * size)
				.limit(size)
				.toList();
			return PageView.of(sorted, page, size, this.views.size());
		}

		@Override
		public void startRebuild() {
			this.views.clear();
		}

	}

}
