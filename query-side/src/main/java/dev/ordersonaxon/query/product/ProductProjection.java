package dev.ordersonaxon.query.product;

import java.util.Optional;
import java.util.function.UnaryOperator;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;

import dev.ordersonaxon.api.PageView;
import dev.ordersonaxon.api.product.FindProductQuery;
import dev.ordersonaxon.api.product.FindProductsQuery;
import dev.ordersonaxon.api.product.ProductCreatedEvent;
import dev.ordersonaxon.api.product.ProductId;
import dev.ordersonaxon.api.product.ProductRestockedEvent;
import dev.ordersonaxon.api.product.ProductView;
import dev.ordersonaxon.api.product.StockReleasedEvent;
import dev.ordersonaxon.api.product.StockReservedEvent;

import org.springframework.stereotype.Component;

/** Keeps each product's price and its available and reserved stock. */
@Component
@ProcessingGroup(ProductProjection.PROCESSING_GROUP)
class ProductProjection {

	static final String PROCESSING_GROUP = "products";

	private final ProductViews views;

	ProductProjection(ProductViews views) {
		this.views = views;
	}

	@EventHandler
	void on(ProductCreatedEvent event) {
		this.views.save(new ProductView(event.productId(), event.name(), event.price(), event.stock(), 0));
	}

	@EventHandler
	void on(ProductRestockedEvent event) {
		update(event.productId(),
				(view) -> stock(view, view.stockAvailable() + event.quantity(), view.stockReserved()));
	}

	@EventHandler
	void on(StockReservedEvent event) {
		update(event.productId(), (view) -> stock(view, view.stockAvailable() - event.quantity(),
				view.stockReserved() + event.quantity()));
	}

	@EventHandler
	void on(StockReleasedEvent event) {
		update(event.productId(), (view) -> stock(view, view.stockAvailable() + event.quantity(),
				view.stockReserved() - event.quantity()));
	}

	@ResetHandler
	void reset() {
		this.views.startRebuild();
	}

	@QueryHandler
	Optional<ProductView> handle(FindProductQuery query) {
		return this.views.find(query.productId());
	}

	@QueryHandler
	PageView<ProductView> handle(FindProductsQuery query) {
		return this.views.page(query.page(), query.size());
	}

	private void update(ProductId productId, UnaryOperator<ProductView> change) {
		this.views.find(productId).map(change).ifPresent(this.views::save);
	}

	private static ProductView stock(ProductView view, int available, int reserved) {
		return new ProductView(view.productId(), view.name(), view.price(), available, reserved);
	}

}
