package dev.llmgate.provider.gemini;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Tool-call ids for Gemini, whose function calls have none. An id is derived from the response id and the
 * call's position, so the same answer always gets the same ids (cache replays, split streams). When Gemini
 * signed the call ({@code thoughtSignature}, which Gemini 3 requires back with the call on the next turn), the
 * signature travels inside the id: every client returns tool-call ids, few return unknown fields.
 *
 * <p>Format: {@code gem_<tag>_<index>} or {@code gem_<tag>_<index>_<signature>}, where {@code tag} is 12 hex
 * digits of a hash of the response id (or, when Gemini sent none, of the call's name and signature) and
 * {@code signature} is {@code b} + the signature's decoded bytes in unpadded url-safe base64 (same length as
 * the original) or, for a signature that is not canonical base64, {@code t} + its UTF-8 text in that
 * encoding. Either way the signature comes back byte-exact, and ids match {@code ^[a-zA-Z0-9_-]+$}, the
 * pattern Anthropic clients enforce.
 */
final class GeminiToolCallIds {

    private static final String PREFIX = "gem_";
    private static final Pattern SHAPE = Pattern.compile("gem_[0-9a-f]{12}_[0-9]+(_[bt][A-Za-z0-9_-]*)?");
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private GeminiToolCallIds() {
    }

    /** The id of function call {@code index} (counted from 0 within one answer). */
    static String id(String responseId, int index, String name, String signature) {
        String seed = responseId != null && !responseId.isEmpty() ? responseId
                : "\u0000" + name + "\u0000" + (signature == null ? "" : signature);
        String id = PREFIX + tag(seed) + "_" + index;
        return signature == null ? id : id + "_" + encode(signature);
    }

    /** The signature carried by an id this class made, or null (no signature, or an id from elsewhere). */
    static String signatureOf(String id) {
        if (id == null || !id.startsWith(PREFIX) || !SHAPE.matcher(id).matches()) {
            return null;
        }
        int start = id.indexOf('_', id.indexOf('_', PREFIX.length()) + 1);
        if (start < 0) {
            return null;
        }
        String encoded = id.substring(start + 2);
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(encoded);
            return id.charAt(start + 1) == 'b' ? Base64.getEncoder().encodeToString(bytes)
                    : new String(bytes, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notOurs) {
            return null;
        }
    }

    private static String encode(String signature) {
        try {
            byte[] bytes = Base64.getDecoder().decode(signature);
            if (Base64.getEncoder().encodeToString(bytes).equals(signature)) {
                return "b" + URL.encodeToString(bytes);
            }
        } catch (IllegalArgumentException notBase64) {
            // kept as text below
        }
        return "t" + URL.encodeToString(signature.getBytes(StandardCharsets.UTF_8));
    }

    private static String tag(String seed) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
