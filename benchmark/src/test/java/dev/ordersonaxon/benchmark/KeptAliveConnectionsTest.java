package dev.ordersonaxon.benchmark;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeptAliveConnectionsTest {

	private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

	private final KeptAliveConnections connections = new KeptAliveConnections(Duration.ofSeconds(5),
			Duration.ofSeconds(5));

	private RawServer server;

	@AfterEach
	void stop() throws IOException {
		this.connections.closeIdle();
		if (this.server != null) {
			this.server.close();
		}
	}

	@Test
	void sendsTheRequestAndReusesTheConnection() throws Exception {
		this.server = new RawServer((connection, request) -> OK);

		HttpJson.Response first = this.connections.exchange("POST", this.server.uri("/api/orders?x=1"),
				Map.of("Authorization", "Bearer t"), "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
		HttpJson.Response second = this.connections.exchange("GET", this.server.uri("/api/orders/o-1"), Map.of(), null);

		assertThat(first.status()).isEqualTo(200);
		assertThat(first.body()).isEqualTo("ok");
		assertThat(second.body()).isEqualTo("ok");
		assertThat(this.server.accepted()).hasValue(1);
		assertThat(this.server.requests().get(0)).startsWith("POST /api/orders?x=1 HTTP/1.1\r\n")
			.contains("\r\nHost: 127.0.0.1:" + this.server.port() + "\r\n", "\r\nAuthorization: Bearer t\r\n",
					"\r\nContent-Length: 7\r\n")
			.endsWith("\r\n\r\n{\"a\":1}");
		assertThat(this.server.requests().get(1)).startsWith("GET /api/orders/o-1 HTTP/1.1\r\n")
			.doesNotContain("Content-Length");
	}

	@Test
	void readsAChunkedBodyAndHeadersWhateverTheirCase() throws Exception {
		this.server = new RawServer((connection, request) -> "HTTP/1.1 503 Service Unavailable\r\n"
				+ "retry-after: 3\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6;x=1\r\n world\r\n0\r\n\r\n");

		HttpJson.Response response = this.connections.exchange("GET", this.server.uri("/"), Map.of(), null);

		assertThat(response.status()).isEqualTo(503);
		assertThat(response.body()).isEqualTo("hello world");
		assertThat(response.header("Retry-After")).hasValue("3");
		assertThat(this.connections.exchange("GET", this.server.uri("/"), Map.of(), null).body())
			.isEqualTo("hello world");
		assertThat(this.server.accepted()).hasValue(1);
	}

	@Test
	void sendsAgainOnANewConnectionWhatAConnectionClosedWhileIdleDidNotAnswer() throws Exception {
		// answers, then closes every connection after its first answer
		this.server = new RawServer((connection, request) -> (connection == 0) ? OK + RawServer.CLOSE : OK);

		this.connections.exchange("GET", this.server.uri("/a"), Map.of(), null);
		this.server.awaitClosed(0);
		HttpJson.Response answered = this.connections.exchange("POST", this.server.uri("/b"), Map.of(), new byte[0]);

		assertThat(answered.body()).isEqualTo("ok");
		assertThat(this.server.accepted()).hasValue(2);
		assertThat(this.server.requests()).hasSize(2);
	}

	@Test
	void doesNotReuseAConnectionTheServerSaidItCloses() throws Exception {
		this.server = new RawServer(
				(connection, request) -> "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok");

		this.connections.exchange("GET", this.server.uri("/a"), Map.of(), null);
		this.connections.exchange("GET", this.server.uri("/b"), Map.of(), null);

		assertThat(this.server.accepted()).hasValue(2);
	}

	@Test
	void doesNotSendAgainARequestWhoseAnswerIsLate() throws Exception {
		KeptAliveConnections impatient = new KeptAliveConnections(Duration.ofSeconds(5), Duration.ofMillis(300));
		AtomicInteger answered = new AtomicInteger();
		this.server = new RawServer((connection, request) -> (answered.getAndIncrement() == 0) ? OK : null);

		impatient.exchange("GET", this.server.uri("/a"), Map.of(), null);

		assertThatThrownBy(() -> impatient.exchange("POST", this.server.uri("/b"), Map.of(), new byte[0]))
			.isInstanceOf(SocketTimeoutException.class);
		assertThat(this.server.requests()).hasSize(2);
		assertThat(this.server.accepted()).hasValue(1);
		impatient.closeIdle();
	}

	/**
	 * A server that answers each request on a connection with what {@code answer} gives
	 * for the connection's number and the request, as raw bytes; nothing for null, and
	 * closes the connection after an answer that ends with {@link #CLOSE}.
	 */
	private static final class RawServer implements AutoCloseable {

		static final String CLOSE = "<close>";

		private final ServerSocket socket = new ServerSocket(0);

		private final AtomicInteger accepted = new AtomicInteger();

		private final List<String> requests = new CopyOnWriteArrayList<>();

		private final List<Integer> closed = new CopyOnWriteArrayList<>();

		private final BiFunction<Integer, String, String> answer;

		RawServer(BiFunction<Integer, String, String> answer) throws IOException {
			this.answer = answer;
			Thread acceptor = new Thread(this::accept, "raw-server");
			acceptor.setDaemon(true);
			acceptor.start();
		}

		URI uri(String path) {
			return URI.create("http://127.0.0.1:" + port() + path);
		}

		int port() {
			return this.socket.getLocalPort();
		}

		AtomicInteger accepted() {
			return this.accepted;
		}

		List<String> requests() {
			return this.requests;
		}

		void awaitClosed(int connection) throws InterruptedException {
			synchronized (this.closed) {
				while (!this.closed.contains(connection)) {
					this.closed.wait();
				}
			}
		}

		private void accept() {
			while (!this.socket.isClosed()) {
				try {
					Socket connection = this.socket.accept();
					int number = this.accepted.getAndIncrement();
					Thread serving = new Thread(() -> serve(number, connection), "raw-connection-" + number);
					serving.setDaemon(true);
					serving.start();
				}
				catch (IOException ex) {
					return;
				}
			}
		}

		private void serve(int number, Socket connection) {
			try (connection) {
				InputStream in = new BufferedInputStream(connection.getInputStream());
				OutputStream out = connection.getOutputStream();
				for (String request = read(in); request != null; request = read(in)) {
					this.requests.add(request);
					String response = this.answer.apply(number, request);
					if (response == null) {
						continue;
					}
					boolean close = response.endsWith(CLOSE);
					out.write(response.replace(CLOSE, "").getBytes(StandardCharsets.ISO_8859_1));
					out.flush();
					if (close) {
						break;
					}
				}
			}
			catch (IOException ex) {
				// the client went away
			}
			synchronized (this.closed) {
				this.closed.add(number);
				this.closed.notifyAll();
			}
		}

		private static String read(InputStream in) throws IOException {
			StringBuilder head = new StringBuilder();
			while (!head.toString().endsWith("\r\n\r\n")) {
				int next = in.read();
				if (next == -1) {
					return null;
				}
				head.append((char) next);
			}
			int length = 0;
			for (String line : head.toString().split("\r\n")) {
				if (line.toLowerCase().startsWith("content-length:")) {
					length = Integer.parseInt(line.substring(15).trim());
				}
			}
			return head + new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
		}

		@Override
		public void close() throws IOException {
			this.socket.close();
		}

	}

}
