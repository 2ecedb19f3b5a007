package dev.ordersonaxon.command.customer;

import java.math.BigDecimal;

import dev.ordersonaxon.api.Limits;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;

record ChangeCreditLimitRequest(@NotNull @PositiveOrZero @DecimalMax(Limits.MAX_AMOUNT_TEXT) @Digits(integer = 13,
		fraction = 2) BigDecimal creditLimit) {

}
