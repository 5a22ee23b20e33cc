package dev.llmgate.chat;

/** One piece of a message's content. */
public sealed interface Part {

    record Text(String text, CacheMarker cache, Extras extras) implements Part {
        public static Text of(String text) {
            return new Text(text, null, Extras.NONE);
        }
    }

    /** An image by URL or {@code data:} URI; detail is OpenAI's resolution hint and may be null. */
    record Image(String url, String detail, CacheMarker cache, Extras extras) implements Part {
        public boolean isDataUri() {
            return url.startsWith("data:");
        }
    }

    /** Model reasoning; the signature is opaque and must go back to the same provider byte for byte. */
    record Thinking(String text, String signature, Extras extras) implements Part {}

    /** Reasoning the provider returned encrypted; only the same provider can read it back. */
    record RedactedThinking(String data, Extras extras) implements Part {}

    /**
     * A part type only its own dialect understands (audio, files, documents): {@code extras} holds the whole
     * wire object, sent only to that dialect.
     */
    record Opaque(String type, Extras extras) implements Part {}

    Extras extras();

    default CacheMarker cacheMarker() {
        return switch (this) {
            case Text t -> t.cache();
            case Image i -> i.cache();
            case Thinking t -> null;
            case RedactedThinking r -> null;
            case Opaque o -> null;
        };
    }
}
