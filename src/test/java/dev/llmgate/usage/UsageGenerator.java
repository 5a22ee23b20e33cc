package dev.llmgate.usage;

import dev.llmgate.catalog.Pricing;
import dev.llmgate.chat.Extras;
import dev.llmgate.chat.Usage;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Plausible usage records, the same for the same seed: spread in time order over {@code span}, across
 * priced and unpriced models on several platforms, a few thousand users (a few of them busy), errors,
 * streams, prompt-cache tokens, reasoning, response-cache hits and routing alternatives.
 */
final class UsageGenerator {

    static final String VERSION = "2026-11-23";

    private record Spec(String model, String platform, String provider, Pricing pricing) {}

    private static final List<Spec> SPECS = List.of(
            new Spec("gpt-4o-mini", "openai", "openai", price("0.15", "0.60", "0.075", null)),
            new Spec("gpt-5", "openai", "openai", price("1.25", "10.00", "0.125", null)),
            new Spec("claude-sonnet-5", "anthropic", "anthropic", price("2.00", "10.00", "0.20", "2.50")),
            new Spec("claude-haiku-4-5", "anthropic", "anthropic", price("1.00", "5.00", "0.10", "1.25")),
            new Spec("gemini-4-argon", "gemini", "google", price("2.00", "10.00", "0.10", null)),
            new Spec("gemini-4-argon", "openrouter", "google", price("2.00", "10.00", "0.10", null)),
            new Spec("deepseek-flash", "deepseek", "deepseek", price("0.30", "1.20", "0.006", null)),
            new Spec("groq/llama-3.3-70b-versatile", "groq", null, null));

    private final SplittableRandom random;
    private final Instant start;
    private final long spanMillis;
    private final int count;
    private int index;

    UsageGenerator(long seed, Instant start, Duration span, int count) {
        this.random = new SplittableRandom(seed);
        this.start = start;
        this.spanMillis = span.toMillis();
        this.count = count;
    }

    boolean hasNext() {
        return index < count;
    }

    UsageRecord next() {
        int i = index++;
        Instant time = start.plusMillis(spanMillis * i / count + random.nextInt(1_000));
        Spec spec = SPECS.get(random.nextInt(SPECS.size()));
        double roll = random.nextDouble();
        UsageRecord.Outcome outcome = roll < 0.93 ? UsageRecord.Outcome.success()
                : roll < 0.96 ? UsageRecord.Outcome.error(429, "rate_limit_error")
                : roll < 0.98 ? UsageRecord.Outcome.error(502, "upstream_error")
                : UsageRecord.Outcome.clientClosed();
        boolean stream = random.nextBoolean();
        Usage tokens = outcome.status() == UsageRecord.Status.ERROR ? new Usage(0, 0, 0, 0, 0, Extras.NONE) : tokens(spec);
        boolean cacheHit = outcome.status() == UsageRecord.Status.SUCCESS && random.nextDouble() < 0.08;
        Cost priced = spec.pricing() == null ? Cost.unknown(VERSION) : CostCalculator.cost(spec.pricing(), tokens, VERSION);
        if (tokens.input() == 0 && tokens.output() == 0) {
            priced = Cost.free(spec.pricing() == null ? null : "USD", VERSION);
        }
        Cost cost = cacheHit ? Cost.free("USD", VERSION) : priced;
        BigDecimal dearest = !cacheHit && priced.known()
                ? priced.total().multiply(BigDecimal.valueOf(new int[] {1, 1, 2, 3}[random.nextInt(4)])) : null;
        String user = random.nextDouble() < 0.3 ? null : "user-" + (int) (Math.pow(random.nextDouble(), 3) * 3_000);
        List<String> tags = random.nextDouble() < 0.2 ? List.of("batch", "team-" + random.nextInt(5)) : List.of();
        return new UsageRecord("req_" + Long.toHexString(0x1000_0000L + i), time,
                new UsageRecord.Caller("key-" + random.nextInt(20), user, "session-" + random.nextInt(50_000), tags),
                new UsageRecord.Served(spec.model(), spec.model(),
                        spec.platform(), spec.provider(), spec.platform() + "/" + spec.model(),
                        1 + (random.nextDouble() < 0.05 ? 1 : 0), stream),
                outcome, tokens, cost,
                new UsageRecord.Timings(100 + random.nextInt(5_000), stream ? 50.0 + random.nextInt(800) : null,
                        0.05 + random.nextDouble() * 2),
                cacheHit ? new UsageRecord.CacheUse(true, priced.total()) : UsageRecord.CacheUse.MISS, dearest);
    }

    private Usage tokens(Spec spec) {
        long input = 20 + (long) Math.exp(random.nextDouble() * Math.log(20_000));
        long cacheRead = random.nextDouble() < 0.3 ? input * random.nextInt(90) / 100 : 0;
        long cacheWrite = spec.provider() != null && spec.provider().equals("anthropic") && random.nextDouble() < 0.1
                ? (input - cacheRead) / 2 : 0;
        long output = 5 + random.nextInt(2_000);
        long reasoning = spec.model().equals("gpt-5") ? output * random.nextInt(80) / 100 : 0;
        return new Usage(input, output, cacheRead, cacheWrite, reasoning, Extras.NONE);
    }

    private static Pricing price(String input, String output, String cacheRead, String cacheWrite) {
        return new Pricing(new BigDecimal(input), new BigDecimal(output), new BigDecimal(cacheRead),
                cacheWrite == null ? null : new BigDecimal(cacheWrite), null, "USD");
    }
}
