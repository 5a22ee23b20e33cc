package dev.llmgate.cache;

import dev.llmgate.chat.ChatResponse;

/** How a cache lookup went, as the {@code x-llmgate-cache} response header reports it. */
public sealed interface Lookup {

    String header();

    /** The answer was in the cache. */
    record Hit(CacheEntry entry, ChatResponse answer) implements Lookup {
        @Override
        public String header() {
            return "hit";
        }
    }

    /** Not answered from the cache: looked up and absent ({@code miss}), or not looked up ({@code skip}). */
    enum Empty implements Lookup {
        MISS("miss"), SKIP("skip");

        private final String header;

        Empty(String header) {
            this.header = header;
        }

        @Override
        public String header() {
            return header;
        }
    }
}
