package dev.ordersonaxon.web;

import java.util.concurrent.TimeUnit;

import org.apache.tomcat.util.threads.TaskThreadFactory;
import org.apache.tomcat.util.threads.ThreadPoolExecutor;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnThreading;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.thread.Threading;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * Tomcat's request threads in a pool that gives work to the thread idle the shortest time
 * ({@link IdleThreadLastFirstQueue}), so that threads a burst started end once the burst
 * is over, even under steady load. Sized as Tomcat's own would be:
 * {@code server.tomcat.threads.max} (200), {@code server.tomcat.threads.min-spare} (10),
 * {@code server.tomcat.threads.max-queue-capacity}, and 60 s of idle time. Not used with
 * virtual threads, which Spring Boot then runs requests on.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(TomcatServletWebServerFactory.class)
@ConditionalOnThreading(Threading.PLATFORM)
public class RequestThreadsAutoConfiguration {

	private static final long IDLE_SECONDS = 60;

	@Bean
	RequestThreads requestThreads(@Value("${server.tomcat.threads.max:200}") int max,
			@Value("${server.tomcat.threads.min-spare:10}") int minSpare,
			@Value("${server.tomcat.threads.max-queue-capacity:2147483647}") int queueCapacity) {
		return new RequestThreads(max, minSpare, queueCapacity);
	}

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> requestThreadsOnTomcat(RequestThreads requestThreads) {
		return (factory) -> factory
			.addProtocolHandlerCustomizers((protocol) -> protocol.setExecutor(requestThreads.executor()));
	}

	/**
	 * Holds the pool. Not a bean of type {@code Executor} itself, which would take the
	 * place of Spring Boot's task executor; and shut down with the context, since a
	 * server leaves a pool it was given running.
	 */
	static final class RequestThreads implements DisposableBean {

		private final ThreadPoolExecutor executor;

		RequestThreads(int max, int minSpare, int queueCapacity) {
			IdleThreadLastFirstQueue queue = new IdleThreadLastFirstQueue(queueCapacity);
			this.executor = new ThreadPoolExecutor(Math.min(minSpare, max), max, IDLE_SECONDS, TimeUnit.SECONDS, queue,
					new TaskThreadFactory("http-exec-", true, Thread.NORM_PRIORITY));
			queue.setParent(this.executor);
		}

		ThreadPoolExecutor executor() {
			return this.executor;
		}

		@Override
		public void destroy() {
			this.executor.shutdown();
		}

	}

}
