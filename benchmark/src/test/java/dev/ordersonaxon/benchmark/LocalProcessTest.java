package dev.ordersonaxon.benchmark;

import java.util.List;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LocalProcessTest {

	private static final List<String> TCP = List.of(
			"  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
			"   0: 00000000:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4711 1",
			"   1: 0100007F:1F91 0100007F:9C40 01 00000000:00000000 00:00000000 00000000     0        0 4712 1",
			"   2: 0100007F:1F92 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4713 1");

	@Test
	void findsTheSocketListeningOnAPort() {
		assertThat(LocalProcess.listeningInode(TCP, 8080)).hasValue(4711);
		assertThat(LocalProcess.listeningInode(TCP, 8082)).hasValue(4713);
	}

	@Test
	void ignoresConnectionsThatAreNotListening() {
		assertThat(LocalProcess.listeningInode(TCP, 8081)).isEqualTo(OptionalLong.empty());
		assertThat(LocalProcess.listeningInode(List.of(), 8080)).isEmpty();
	}

	@Test
	void aRemoteServiceHasNoLocalProcess() {
		assertThat(LocalProcess.listeningOn("http://example.invalid:8080")).isEmpty();
	}

}
