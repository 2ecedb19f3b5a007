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

	void deleteAll();

}
