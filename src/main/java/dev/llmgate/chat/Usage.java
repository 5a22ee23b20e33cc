package dev.llmgate.chat;

/**
 * Token counts with one meaning whatever the provider called them: {@code input} counts every prompt
 * token, cached ones included (OpenAI's sense); {@code cacheRead} and {@code cacheWrite} are the parts of
 * {@code input} read from or written to the prompt cache; {@code output} counts every generated token and
 * {@code reasoning} is the part of it spent thinking.
 */
public record Usage(long input, long output, long cacheRead, long cacheWrite, long reasoning, Extras extras) {

    public static Usage of(long input, long output) {
        return new Usage(input, output, 0, 0, 0, Extras.NONE);
    }

    public long total() {
        return input + output;
    }

    /** Prompt tokens billed at the plain input price. */
    public long uncachedInput() {
        return Math.max(0, input - cacheRead - cacheWrite);
    }
}
