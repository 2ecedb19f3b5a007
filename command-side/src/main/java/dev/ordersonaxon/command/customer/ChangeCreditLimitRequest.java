package dev.ordersonaxon.command.customer;

import java.math.BigDecimal;

import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;

record ChangeCreditLimitRequest(@NotNull @PositiveOrZero @Digits(integer = 13, fraction = 2) BigDecimal creditLimit) {

}
