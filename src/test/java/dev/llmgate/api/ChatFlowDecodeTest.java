package dev.llmgate.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgate.chat.ChatRequest;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Where a body is decoded: a large one on a worker, a small one at once; a decoder's failure is a failed future. */
class ChatFlowDecodeTest {

    static final Vertx VERTX = Vertx.vertx();

    @AfterAll
    static void stop() {
        VERTX.close().await();
    }

    /** Records where it ran, and decodes nothing (null is a request as far as this test is concerned). */
    static Function<Buffer, ChatRequest> noting(AtomicReference<Thread> thread, AtomicReference<Boolean> worker) {
        return body -> {
            thread.set(Thread.currentThread());
            worker.set(Context.isOnWorkerThread());
            return null;
        };
    }

    static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aLargeBodyIsDecodedOnAWorker() throws Exception {
        AtomicReference<Thread> thread = new AtomicReference<>();
        AtomicReference<Boolean> worker = new AtomicReference<>();

        await(ChatFlow.decode(VERTX, Buffer.buffer("x".repeat(300 * 1024)), noting(thread, worker)));

        assertThat(worker.get()).as("decoded on a worker thread (%s)", thread.get().getName()).isTrue();
    }

    @Test
    void aSmallBodyIsDecodedAtOnceWhereItArrived() throws Exception {
        AtomicReference<Thread> thread = new AtomicReference<>();
        AtomicReference<Boolean> worker = new AtomicReference<>();

        await(ChatFlow.decode(VERTX, Buffer.buffer("{}"), noting(thread, worker)));

        assertThat(thread.get()).isSameAs(Thread.currentThread());
        assertThat(worker.get()).isFalse();
    }

    @Test
    void aDecoderThatThrowsGivesAFailedFutureEitherWay() {
        Function<Buffer, ChatRequest> broken = body -> {
            throw new IllegalStateException("a codec bug");
        };

        Future<ChatRequest> small = ChatFlow.decode(VERTX, Buffer.buffer("{}"), broken);
        Future<ChatRequest> large = ChatFlow.decode(VERTX, Buffer.buffer("x".repeat(300 * 1024)), broken);

        assertThat(small.failed()).isTrue();
        assertThat(small.cause()).hasMessage("a codec bug");
        assertThat(large.toCompletionStage().toCompletableFuture()).failsWithin(10, TimeUnit.SECONDS)
                .withThrowableThat().withMessageContaining("a codec bug");
    }
}
