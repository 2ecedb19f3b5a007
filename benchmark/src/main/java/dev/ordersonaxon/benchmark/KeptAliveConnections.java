package dev.ordersonaxon.benchmark;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * HTTP/1.1 exchanges over plain sockets, each sent and answered on the caller's thread,
 * the connections kept open and reused one exchange at a time. The tool's requests are
 * small and many; the JDK's {@code HttpClient} spends more of the machine's CPU on each
 * of them (its selector thread, a chain of asynchronous stages per exchange) than the
 * exchange itself needs, and that CPU is taken from the system being measured.
 * <p>
 * For {@code http://} only. A connection the server closed while it was idle is noticed
 * when nothing at all comes back on it, before any of the response; the exchange is then
 * made once more on a new connection (the server had not read the request).
 */
final class KeptAliveConnections {

	private static final int MAX_IDLE_PER_ORIGIN = 64;

	private final int connectTimeoutMillis;

	private final int readTimeoutMillis;

	private final Map<String, Deque<Connection>> idle = new ConcurrentHashMap<>();

	KeptAliveConnections(Duration connectTimeout, Duration readTimeout) {
		this.connectTimeoutMillis = Math.toIntExact(connectTimeout.toMillis());
		this.readTimeoutMillis = Math.toIntExact(readTimeout.toMillis());
	}

	/**
	 * Sends one request and reads its whole response.
	 * @param headers sent as given, after {@code Host} and before {@code Content-Length}
	 * @param body sent with its length, or null for none
	 */
	HttpJson.Response exchange(String method, URI uri, Map<String, String> headers, byte[] body) throws IOException {
		if (!"http".equalsIgnoreCase(uri.getScheme())) {
			throw new IllegalArgumentException("only http:// is spoken here: " + uri);
		}
		String origin = uri.getHost() + ":" + port(uri);
		Deque<Connection> pool = this.idle.computeIfAbsent(origin, (key) -> new ConcurrentLinkedDeque<>());
		byte[] request = request(method, uri, headers, body);
		Connection reused = pool.pollFirst();
		if (reused != null) {
			try {
				return reused.exchange(request, method, pool);
			}
			catch (ClosedWhileIdle ex) {
				reused.close();
			}
		}
		try {
			return open(uri).exchange(request, method, pool);
		}
		catch (ClosedWhileIdle ex) {
			throw new EOFException("the server closed the connection without answering " + method + " " + uri);
		}
	}

	/** Closes every idle connection. */
	void closeIdle() {
		this.idle.values().forEach((pool) -> {
			for (Connection connection = pool.pollFirst(); connection != null; connection = pool.pollFirst()) {
				connection.close();
			}
		});
	}

	private Connection open(URI uri) throws IOException {
		Socket socket = new Socket();
		try {
			socket.setTcpNoDelay(true);
			socket.setSoTimeout(this.readTimeoutMillis);
			socket.connect(new InetSocketAddress(uri.getHost(), port(uri)), this.connectTimeoutMillis);
			return new Connection(socket);
		}
		catch (IOException ex) {
			socket.close();
			throw ex;
		}
	}

	private static int port(URI uri) {
		return (uri.getPort() != -1) ? uri.getPort() : 80;
	}

	private static byte[] request(String method, URI uri, Map<String, String> headers, byte[] body) {
		String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty()) ? "/" : uri.getRawPath();
		StringBuilder head = new StringBuilder(256).append(method)
			.append(' ')
			.append(path)
			.append((uri.getRawQuery() != null) ? "?" + uri.getRawQuery() : "")
			.append(" HTTP/1.1\r\nHost: ")
			.append(uri.getHost())
			.append((uri.getPort() != -1) ? ":" + uri.getPort() : "")
			.append("\r\n");
		headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
		if (body != null || "POST".equals(method) || "PUT".equals(method)) {
			head.append("Content-Length: ").append((body != null) ? body.length : 0).append("\r\n");
		}
		head.append("\r\n");
		byte[] start = head.toString().getBytes(StandardCharsets.ISO_8859_1);
		if (body == null || body.length == 0) {
			return start;
		}
		byte[] whole = new byte[start.length + body.length];
		System.arraycopy(start, 0, whole, 0, start.length);
		System.arraycopy(body, 0, whole, start.length, body.length);
		return whole;
	}

	/** Nothing came back: the server had closed the connection before the request. */
	private static final class ClosedWhileIdle extends IOException {

		ClosedWhileIdle(Throwable cause) {
			super("closed while idle", cause);
		}

	}

	private static final class Connection {

		private final Socket socket;

		private final InputStream in;

		private final OutputStream out;

		Connection(Socket socket) throws IOException {
			this.socket = socket;
			this.in = new BufferedInputStream(socket.getInputStream(), 8192);
			this.out = new BufferedOutputStream(socket.getOutputStream(), 8192);
		}

		HttpJson.Response exchange(byte[] request, String method, Deque<Connection> pool) throws IOException {
			boolean keep = false;
			try {
				String statusLine;
				try {
					this.out.write(request);
					this.out.flush();
					statusLine = readLine(this.in);
				}
				catch (SocketException ex) {
					// reset or broken pipe; a timeout is not among them: the server may
					// be
					// working on the request
					throw new ClosedWhileIdle(ex);
				}
				if (statusLine == null) {
					throw new ClosedWhileIdle(null);
				}
				int status = status(statusLine);
				Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
				for (String line = readLine(this.in); line != null && !line.isEmpty(); line = readLine(this.in)) {
					int colon = line.indexOf(':');
					if (colon > 0) {
						headers.computeIfAbsent(line.substring(0, colon).trim(), (name) -> new ArrayList<>())
							.add(line.substring(colon + 1).trim());
					}
				}
				byte[] body;
				boolean delimited = true;
				if ("HEAD".equals(method) || status == 204 || status == 304 || status / 100 == 1) {
					body = new byte[0];
				}
				else if (first(headers, "Transfer-Encoding").toLowerCase(java.util.Locale.ROOT).contains("chunked")) {
					body = readChunked(this.in);
				}
				else if (!first(headers, "Content-Length").isEmpty()) {
					body = this.in.readNBytes(Integer.parseInt(first(headers, "Content-Length")));
				}
				else {
					body = this.in.readAllBytes();
					delimited = false;
				}
				keep = delimited && statusLine.startsWith("HTTP/1.1")
						&& !"close".equalsIgnoreCase(first(headers, "Connection"));
				return new HttpJson.Response(status, new String(body, StandardCharsets.UTF_8),
						HttpHeaders.of(headers, (name, value) -> true));
			}
			finally {
				if (keep && pool.size() < MAX_IDLE_PER_ORIGIN) {
					pool.offerFirst(this);
				}
				else {
					close();
				}
			}
		}

		void close() {
			try {
				this.socket.close();
			}
			catch (IOException ex) {
				// closing: nothing is left to lose
			}
		}

		private static int status(String statusLine) throws IOException {
			// HTTP/1.1 202 Accepted
			int space = statusLine.indexOf(' ');
			if (!statusLine.startsWith("HTTP/") || space < 0 || statusLine.length() < space + 4) {
				throw new IOException("not an HTTP status line: " + statusLine);
			}
			try {
				return Integer.parseInt(statusLine.substring(space + 1, space + 4));
			}
			catch (NumberFormatException ex) {
				throw new IOException("not an HTTP status line: " + statusLine, ex);
			}
		}

		private static String first(Map<String, List<String>> headers, String name) {
			List<String> values = headers.get(name);
			return (values == null || values.isEmpty()) ? "" : values.get(0);
		}

		private static byte[] readChunked(InputStream in) throws IOException {
			ByteArrayOutputStream body = new ByteArrayOutputStream();
			while (true) {
				String sizeLine = readLine(in);
				if (sizeLine == null) {
					throw new EOFException("the response ended inside its chunked body");
				}
				int extension = sizeLine.indexOf(';');
				int size = Integer
					.parseInt((extension >= 0) ? sizeLine.substring(0, extension).trim() : sizeLine.trim(), 16);
				if (size == 0) {
					// trailers, up to the empty line
					for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
						// none are used
					}
					return body.toByteArray();
				}
				byte[] chunk = in.readNBytes(size);
				if (chunk.length < size) {
					throw new EOFException("the response ended inside a chunk");
				}
				body.write(chunk);
				readLine(in);
			}
		}

		/** A line up to CRLF (or LF), without it; null at the end of the stream. */
		private static String readLine(InputStream in) throws IOException {
			StringBuilder line = new StringBuilder(64);
			int next = in.read();
			if (next == -1) {
				return null;
			}
			while (next != -1 && next != '\n') {
				if (next != '\r') {
					line.append((char) next);
				}
				next = in.read();
			}
			return line.toString();
		}

	}

}
