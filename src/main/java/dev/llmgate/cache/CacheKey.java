package dev.llmgate.cache;

import dev.llmgate.chat.ChatRequest;
import dev.llmgate.chat.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The identity of a cached answer: the SHA-256 (hex) of the request's output-relevant content
 * ({@link KeyMaterial}) written as JSON with sorted keys, so the key order and whitespace of the client's
 * body do not matter, nor which protocol the client spoke.
 *
 * <p>{@code model} is the model as resolved, not as named: the catalog model id when the catalog knows the
 * model (so {@code gpt-4o-mini} and {@code openai/gpt-4o-mini} share entries, and so do all of a model's
 * routes, which serve the same weights), else {@code platform/model_string}. The request hashed is the one
 * prepared for that model (limits clamped, unsupported parameters dropped), which is what the upstream gets.
 */
public record CacheKey(String id) {

    private static final JsonMapper SORTED = Json.MAPPER.rebuild()
            .enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
            .build();
    private static final HexFormat HEX = HexFormat.of();

    public static CacheKey of(String model, ChatRequest prepared) {
        MessageDigest sha256 = sha256();
        try (OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), sha256)) {
            SORTED.writeValue(out, KeyMaterial.of(model, prepared));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new CacheKey(HEX.formatHex(sha256.digest()));
    }

    /** Whether {@code text} has the shape of a key (64 lowercase hex digits). */
    public static boolean isKey(String text) {
        if (text == null || text.length() != 64) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
