package dev.ordersonaxon.query.product;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;

import dev.ordersonaxon.api.PageView;
import dev.ordersonaxon.api.product.ProductId;
import dev.ordersonaxon.api.product.ProductView;
import dev.ordersonaxon.api.product.FindProductQuery;
import dev.ordersonaxon.api.product.FindProductsQuery;
import dev.ordersonaxon.query.infrastructure.Ids;
import dev.ordersonaxon.query.infrastructure.NotFoundException;
import dev.ordersonaxon.query.infrastructure.PageResponseType;
import dev.ordersonaxon.query.infrastructure.Paging;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/products")
class ProductController {

	private final QueryGateway queries;

	ProductController(QueryGateway queries) {
		this.queries = queries;
	}

	@GetMapping("/{id}")
	ProductView product(@PathVariable String id) {
		return this.queries
			.query(new FindProductQuery(Ids.parse(id, ProductId::new, "product")),
					ResponseTypes.optionalInstanceOf(ProductView.class))
			.join()
			.orElseThrow(() -> new NotFoundException("No product with id '" + id + "'"));
	}

	@GetMapping
	PageView<ProductView> products(@RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "20") int size) {
		Paging.validate(page, size);
		return this.queries.query(new FindProductsQuery(page, size), PageResponseType.pageOf(ProductView.class)).join();
	}

}
