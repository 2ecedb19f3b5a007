package dev.ordersonaxon.query.product;

import java.util.Optional;

import dev.ordersonaxon.api.PageView;
import dev.ordersonaxon.api.product.ProductId;
import dev.ordersonaxon.api.product.ProductView;

/** Where the product views are kept. */
interface ProductViews {

	Optional<ProductView> find(ProductId productId);

	void save(ProductView view);

	PageView<ProductView> page(int page, int size);

	/**
	 * Starts the views over, for a replay that rebuilds them from the first event: the
	 * projection's writes from now on go into an empty view, which (on PostgreSQL) the
	 * API reads only once the replay has caught up ({@code ViewTable}).
	 */
	void startRebuild();

}
