package dev.llmgate.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A Redis of a test's own ({@code redis-server} on a free port, nothing saved to disk) that the test can
 * kill and start again on the same port, to see what the gateway does while Redis is gone. The shared
 * Redis on 127.0.0.1:6379 serves the other tests ({@link #shared()}, each with its own key prefix). Where
 * either is missing the test is skipped, or failed under {@link ExternalServices#REQUIRE}.
 */
public final class RedisServer implements AutoCloseable {

    /** The shared Redis as host:port; {@code LLMGATE_TEST_REDIS} overrides it. */
    private static final String SHARED = System.getenv().getOrDefault("LLMGATE_TEST_REDIS", "127.0.0.1:6379");
    /** The server binary; {@code LLMGATE_TEST_REDIS_SERVER} overrides it. */
    private static final String BINARY = System.getenv().getOrDefault("LLMGATE_TEST_REDIS_SERVER", "redis-server");

    private final int port;
    private Process process;

    private RedisServer(int port) {
        this.port = port;
    }

    /** The shared Redis's URL, unchecked (for clients that connect lazily); tests take {@link #shared()}. */
    public static final String SHARED_URL = "redis://" + SHARED;

    /** The URL of the shared Redis, once it answered a PING; else the test is skipped (or failed). */
    public static String shared() {
        if (!sharedAnswers()) {
            throw ExternalServices.unavailable("Redis is not reachable at " + SHARED);
        }
        return SHARED_URL;
    }

    /** Whether the shared Redis answers a PING now. */
    public static boolean sharedAnswers() {
        int colon = SHARED.lastIndexOf(':');
        return answersPing(SHARED.substring(0, colon), Integer.parseInt(SHARED.substring(colon + 1)));
    }

    public static RedisServer start() {
        RedisServer server = new RedisServer(freePort());
        server.launch();
        return server;
    }

    /** A key prefix no other test run uses. */
    public static String randomPrefix() {
        return "llmgate-test-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE) + ":";
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Kills the server at once, as a crash would (open connections break). */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts an empty server again on the same port. */
    public void restart() {
        launch();
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            kill();
        }
    }

    private void launch() {
        try {
            process = new ProcessBuilder(BINARY, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw ExternalServices.unavailable("The test starts a Redis of its own, but '" + BINARY
                    + "' could not be run (" + e.getMessage() + "); install redis-server");
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!answersPing("127.0.0.1", port)) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                throw new IllegalStateException("redis-server did not start on port " + port);
            }
            sleep(20);
        }
    }

    private static boolean answersPing(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new java.net.InetSocketAddress(host, port), 1000);
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = new byte[7];
            int read = in.readNBytes(reply, 0, reply.length);
            return new String(reply, 0, read, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
