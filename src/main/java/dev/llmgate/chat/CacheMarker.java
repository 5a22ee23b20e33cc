package dev.llmgate.chat;

/** A prompt-cache breakpoint ({@code cache_control}) set by the client on a part, tool or message; ttl may be null. */
public record CacheMarker(String ttl) {
    public static final CacheMarker EPHEMERAL = new CacheMarker(null);
}
