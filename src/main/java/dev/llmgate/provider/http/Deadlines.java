package dev.llmgate.provider.http;

import dev.llmgate.chat.GatewayException;
import io.vertx.core.Vertx;
import java.util.function.Consumer;

/**
 * The timeouts of one upstream exchange on a single timer: the first byte, then the quiet between two
 * pieces of the answer, and the whole exchange — whichever is due first. The timer fires at the earliest
 * deadline and, when the answer made progress meanwhile, arms itself again for the next one; a quick
 * exchange costs one timer, whatever its length.
 */
final class Deadlines {

    private final Vertx vertx;
    private final Timeouts timeouts;
    private final long sentNanos;
    private long lastDataNanos = -1;
    private boolean paused;
    private boolean done;
    private long timer;
    private Consumer<GatewayException> onExpiry;

    Deadlines(Vertx vertx, Timeouts timeouts, long sentNanos, Consumer<GatewayException> onExpiry) {
        this.vertx = vertx;
        this.timeouts = timeouts;
        this.sentNanos = sentNanos;
        this.onExpiry = onExpiry;
        arm(System.nanoTime());
    }

    /** Who hears of an expiry from now on (the request's promise, then the stream's reader). */
    void onExpiry(Consumer<GatewayException> handler) {
        this.onExpiry = handler;
    }

    /** A piece of the answer arrived (the first one ends the wait for the first byte). */
    void progressed(long nowNanos) {
        lastDataNanos = nowNanos;
    }

    /** The client reads slowly and the upstream is paused for it: quiet then is not the upstream's fault. */
    void paused(boolean value, long nowNanos) {
        paused = value;
        lastDataNanos = nowNanos;
    }

    void cancel() {
        if (!done) {
            done = true;
            vertx.cancelTimer(timer);
        }
    }

    private long due() {
        long total = sentNanos + timeouts.total().toNanos();
        if (paused) {
            return total;
        }
        long phase = lastDataNanos < 0 ? sentNanos + timeouts.firstByte().toNanos()
                : lastDataNanos + timeouts.idle().toNanos();
        return Math.min(total, phase);
    }

    private void arm(long nowNanos) {
        long delayMillis = Math.max(1, (due() - nowNanos + 999_999) / 1_000_000);
        timer = vertx.setTimer(delayMillis, id -> fire());
    }

    private void fire() {
        if (done) {
            return;
        }
        long now = System.nanoTime();
        if (now < due()) {
            arm(now);
            return;
        }
        done = true;
        onExpiry.accept(expired(now));
    }

    private GatewayException expired(long nowNanos) {
        if (nowNanos - sentNanos >= timeouts.total().toNanos()) {
            return new GatewayException.UpstreamTimeout(
                    "The upstream did not finish its answer within " + seconds(timeouts.total()) + ".");
        }
        if (lastDataNanos < 0) {
            return new GatewayException.UpstreamTimeout(
                    "The upstream did not answer within " + seconds(timeouts.firstByte()) + ".");
        }
        return new GatewayException.UpstreamTimeout("The upstream sent nothing for " + seconds(timeouts.idle()) + ".");
    }

    static String seconds(java.time.Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }
}
