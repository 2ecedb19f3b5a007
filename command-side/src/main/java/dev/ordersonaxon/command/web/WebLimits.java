package dev.ordersonaxon.command.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Bounds on what one request may make the REST edge read.
 *
 * @param maxBodySize the largest request body read; a larger one is refused with 413
 * before it is parsed (an order of 100 lines is about 8 KB)
 */
@ConfigurationProperties("orders.web")
record WebLimits(@DefaultValue("64KB") DataSize maxBodySize) {

	WebLimits {
		if (maxBodySize.toBytes() < 1) {
			throw new IllegalArgumentException("orders.web.max-body-size must be positive: " + maxBodySize);
		}
	}

}
