package dev.ordersonaxon.command.order;

import java.util.List;

import dev.ordersonaxon.api.Identifiers;
import dev.ordersonaxon.api.Limits;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * @param orderId optional; never {@code updates}, which is the query side's path of a
 * customer's update stream ({@code GET /api/orders/updates}), so such an order could not
 * be read there
 */
@OrderTotalWithinBound
record PlaceOrderRequest(
		@Pattern(regexp = "(?!updates$)" + Identifiers.PATTERN,
				message = "must be an identifier other than 'updates'") String orderId,
		@NotBlank @Pattern(regexp = Identifiers.PATTERN) String customerId,
		@NotEmpty @Size(max = Limits.MAX_LINES) List<@NotNull @Valid OrderLineRequest> lines) {

}
