package dev.ordersonaxon.command.order;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.math.BigDecimal;
import java.util.Objects;

import dev.ordersonaxon.api.Limits;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * The order's total, Σ quantity × unit price, is at most {@link Limits#MAX_AMOUNT}. Each
 * line can be within its own bounds while their sum is not; reported on {@code lines}.
 * Lines that are missing a quantity or price are left to their own constraints.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = OrderTotalWithinBound.Validator.class)
@interface OrderTotalWithinBound {

	String message() default "the order total (sum of quantity × unitPrice) must be at most " + Limits.MAX_AMOUNT_TEXT;

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	class Validator implements ConstraintValidator<OrderTotalWithinBound, PlaceOrderRequest> {

		@Override
		public boolean isValid(PlaceOrderRequest request, ConstraintValidatorContext context) {
			if (request == null || request.lines() == null) {
				return true;
			}
			BigDecimal total = request.lines()
				.stream()
				.filter(Objects::nonNull)
				.filter((line) -> line.quantity() != null && line.unitPrice() != null)
				.map((line) -> line.unitPrice().multiply(BigDecimal.valueOf(line.quantity())))
				.reduce(BigDecimal.ZERO, BigDecimal::add);
			if (total.compareTo(Limits.MAX_AMOUNT.amount()) <= 0) {
				return true;
			}
			context.disableDefaultConstraintViolation();
			context.buildConstraintViolationWithTemplate(context.getDefaultConstraintMessageTemplate())
				.addPropertyNode("lines")
				.addConstraintViolation();
			return false;
		}

	}

}
