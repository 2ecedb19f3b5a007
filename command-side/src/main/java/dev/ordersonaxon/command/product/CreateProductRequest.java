package dev.ordersonaxon.command.product;

import java.math.BigDecimal;

import dev.ordersonaxon.api.Identifiers;
import dev.ordersonaxon.api.Limits;
import dev.ordersonaxon.api.Names;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

record CreateProductRequest(@Pattern(regexp = Identifiers.PATTERN) String productId,
		@NotBlank @Size(max = Names.MAX_LENGTH) @Pattern(regexp = Names.PATTERN,
				message = Names.PATTERN_MESSAGE) String name,
		@NotNull @PositiveOrZero @DecimalMax(Limits.MAX_AMOUNT_TEXT) @Digits(integer = 13,
				fraction = 2) BigDecimal price,
		@NotNull @PositiveOrZero @Max(Limits.MAX_STOCK) Integer stock) {

}
