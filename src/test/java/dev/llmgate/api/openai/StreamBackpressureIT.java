package dev.llmgate.api.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgate.testing.FakeUpstream;
import dev.llmgate.testing.RunningGateway;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A client that reads a long stream slowly (a plain socket with a small receive buffer, which stops reading):
 * the gateway stops reading the upstream while the client's write queue is full, so the upstream cannot send
 * the rest; the quiet that follows is not taken for an idle upstream; once the client reads again the stream
 * arrives whole.
 */
class StreamBackpressureIT {

    /** The recorded stream's content events sent this many times over: ~23 MB, far more than socket buffers hold. */
    static final int TIMES = 3000;

    static FakeUpstream fake;
    static RunningGateway gateway;

    @BeforeAll
    static void start() {
        fake = FakeUpstream.start();
        gateway = RunningGateway.start("""
                upstream: { connect_timeout: 2, first_byte_timeout: 3, idle_timeout: 1, total_timeout: 60 }
                cache: { enabled: false }
                platforms:
                  - { id: test, dialect: openai, base_url: "%s", api_key: k }
                """.formatted(fake.baseUrl()), Map.of());
    }

    @AfterAll
    static void stop() {
        gateway.close();
        fake.close();
    }

    @Test
    void aSlowClientHoldsTheUpstreamBackAndStillGetsTheWholeStream() throws Exception {
        String model = "long:openai/stream-text-include-usage.sse:" + TIMES;
        byte[] body = """
                {"model":"test/%s","stream":true,"messages":[{"role":"user","content":"Tell me a long story"}]}"""
                .formatted(model).getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(8 * 1024); // before connecting: the window the gateway may fill
            socket.connect(new InetSocketAddress("127.0.0.1", gateway.port()), 5000);
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n"
                    + "content-length: " + body.length + "\r\nconnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            received.write(in.readNBytes(32 * 1024));

            // the client reads nothing for 4 s: the gateway's buffers toward it fill within a second, and
            // the upstream then stays paused for longer than the idle timeout (1 s) and the first byte's (3 s)
            Thread.sleep(4000);
            long sentWhileStalled = fake.sentBytes(model);
            assertThat(fake.finished(model)).as("the upstream is held back while the client does not read "
                    + "(%d bytes of it sent)", sentWhileStalled).isFalse();
            in.transferTo(received);
        }

        String response = received.toString(StandardCharsets.ISO_8859_1);
        int headersEnd = response.indexOf("\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 200");
        assertThat(response.substring(0, headersEnd).toLowerCase()).contains("transfer-encoding: chunked");
        String stream = new String(dechunked(received.toByteArray(), headersEnd + 4), StandardCharsets.UTF_8);
        assertThat(stream).doesNotContain("\"error\"");
        assertThat(stream).endsWith("data: [DONE]\n\n");
        assertThat(occurrences(stream, "\"content\":\"I'm\"")).as("every content event arrived").isEqualTo(TIMES);
        assertThat(fake.finished(model)).isTrue();
    }

    /** The body of a chunked HTTP/1.1 response starting at {@code from}. */
    static byte[] dechunked(byte[] raw, int from) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int at = from;
        while (true) {
            int lineEnd = indexOfCrlf(raw, at);
            String sizeLine = new String(raw, at, lineEnd - at, StandardCharsets.US_ASCII);
            int size = Integer.parseInt(sizeLine.split(";")[0].strip(), 16);
            if (size == 0) {
                return body.toByteArray();
            }
            body.write(raw, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
    }

    private static int indexOfCrlf(byte[] raw, int from) throws IOException {
        for (int i = from; i + 1 < raw.length; i++) {
            if (raw[i] == '\r' && raw[i + 1] == '\n') {
                return i;
            }
        }
        throw new IOException("the chunked body ends without its last chunk");
    }

    static int occurrences(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
            count++;
        }
        return count;
    }
}
