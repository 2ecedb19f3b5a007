package dev.ordersonaxon.command.product;

import dev.ordersonaxon.api.Limits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

record RestockRequest(@NotNull @Min(1) @Max(Limits.MAX_STOCK) Integer quantity) {

}
