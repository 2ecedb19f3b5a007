package dev.ordersonaxon.command.order;

import java.math.BigDecimal;

import dev.ordersonaxon.api.Identifiers;
import dev.ordersonaxon.api.Limits;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;

record OrderLineRequest(@NotBlank @Pattern(regexp = Identifiers.PATTERN) String productId,
		@NotNull @Min(1) @Max(Limits.MAX_QUANTITY) Integer quantity,
		@NotNull @PositiveOrZero @DecimalMax(Limits.MAX_AMOUNT_TEXT) @Digits(integer = 13,
				fraction = 2) BigDecimal unitPrice) {

}
