package dev.ordersonaxon.benchmark;

import java.io.IOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Finds the local process listening on a service's port through /proc, so its resident
 * memory can be sampled under load. On anything but Linux, or for a remote service, it
 * finds nothing and the figures stay 0.
 */
public final class LocalProcess {

	private static final Path PROC = Path.of("/proc");

	private LocalProcess() {
	}

	/** The process listening on the port of the URL, if it runs on this machine. */
	public static Optional<Long> listeningOn(String url) {
		URI uri = URI.create(url);
		String host = uri.getHost();
		if (!"localhost".equals(host) && !"127.0.0.1".equals(host)) {
			return Optional.empty();
		}
		int port = (uri.getPort() > 0) ? uri.getPort() : 80;
		try {
			OptionalLong inode = listeningInode(port);
			return inode.isPresent() ? ownerOf(inode.getAsLong()) : Optional.empty();
		}
		catch (IOException | RuntimeException ex) {
			return Optional.empty();
		}
	}

	/** Resident set size in MB, or 0 when the process is gone. */
	public static double residentMb(long pid) {
		return statusField(pid, "VmRSS:");
	}

	static double statusField(long pid, String field) {
		try {
			for (String line : Files.readAllLines(PROC.resolve(pid + "/status"))) {
				if (line.startsWith(field)) {
					return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// gone
		}
		return 0;
	}

	private static OptionalLong listeningInode(int port) throws IOException {
		for (String table : List.of("net/tcp", "net/tcp6")) {
			Path path = PROC.resolve(table);
			if (!Files.exists(path)) {
				continue;
			}
			OptionalLong inode = listeningInode(Files.readAllLines(path), port);
			if (inode.isPresent()) {
				return inode;
			}
		}
		return OptionalLong.empty();
	}

	/**
	 * Reads a /proc/net/tcp table: local address is column 1 (hex ip:port), state 3 (0A =
	 * listen), inode 9.
	 */
	static OptionalLong listeningInode(List<String> table, int port) {
		for (String line : table.subList(Math.min(1, table.size()), table.size())) {
			String[] columns = line.trim().split("\\s+");
			if (columns.length < 10 || !"0A".equals(columns[3])) {
				continue;
			}
			String local = columns[1];
			int localPort = Integer.parseInt(local.substring(local.indexOf(':') + 1), 16);
			if (localPort == port) {
				return OptionalLong.of(Long.parseLong(columns[9]));
			}
		}
		return OptionalLong.empty();
	}

	private static Optional<Long> ownerOf(long inode) throws IOException {
		String socket = "socket:[" + inode + "]";
		try (DirectoryStream<Path> processes = Files.newDirectoryStream(PROC, "[0-9]*")) {
			for (Path process : processes) {
				try (DirectoryStream<Path> fds = Files.newDirectoryStream(process.resolve("fd"))) {
					for (Path fd : fds) {
						if (socket.equals(Files.readSymbolicLink(fd).toString())) {
							return Optional.of(Long.parseLong(process.getFileName().toString()));
						}
					}
				}
				catch (IOException | SecurityException ex) {
					// not ours to read, or gone
				}
			}
		}
		return Optional.empty();
	}

}
