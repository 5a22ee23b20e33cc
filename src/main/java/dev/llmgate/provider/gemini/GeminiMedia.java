package dev.llmgate.provider.gemini;

import dev.llmgate.chat.GatewayException;
import dev.llmgate.chat.Json;
import dev.llmgate.chat.Part;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * Images (and whatever else clients send as an image URL) as Gemini parts: a {@code data:} URI becomes
 * {@code inlineData} with its media type and base64 bytes, any other URL {@code fileData}, whose
 * {@code mimeType} Gemini requires and which we guess from the file extension.
 */
final class GeminiMedia {

    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
            Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"),
            Map.entry("webp", "image/webp"), Map.entry("gif", "image/gif"), Map.entry("heic", "image/heic"),
            Map.entry("heif", "image/heif"), Map.entry("pdf", "application/pdf"), Map.entry("mp4", "video/mp4"),
            Map.entry("mov", "video/mov"), Map.entry("webm", "video/webm"), Map.entry("mpeg", "video/mpeg"),
            Map.entry("mp3", "audio/mp3"), Map.entry("wav", "audio/wav"), Map.entry("ogg", "audio/ogg"),
            Map.entry("flac", "audio/flac"), Map.entry("aac", "audio/aac"), Map.entry("txt", "text/plain"));
    /** What an image URL without a telling extension most likely is. */
    private static final String DEFAULT_TYPE = "image/jpeg";

    private GeminiMedia() {
    }

    static ObjectNode toWire(Part.Image image, String param) {
        ObjectNode part = Json.object();
        if (image.isDataUri()) {
            ObjectNode inline = part.putObject("inlineData");
            DataUri data = DataUri.parse(image.url(), param);
            inline.put("mimeType", data.mimeType());
            inline.put("data", data.base64());
        } else {
            ObjectNode file = part.putObject("fileData");
            file.put("mimeType", guessType(image.url()));
            file.put("fileUri", image.url());
        }
        return part;
    }

    static String guessType(String url) {
        String path;
        String host;
        try {
            URI uri = URI.create(url);
            path = uri.getPath() == null ? "" : uri.getPath();
            host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException notAUri) {
            return DEFAULT_TYPE;
        }
        if (host.equals("youtu.be") || host.equals("youtube.com") || host.endsWith(".youtube.com")) {
            return "video/mp4"; // Gemini reads YouTube links as video
        }
        int dot = path.lastIndexOf('.');
        if (dot < 0 || dot < path.lastIndexOf('/')) {
            return DEFAULT_TYPE;
        }
        return BY_EXTENSION.getOrDefault(path.substring(dot + 1).toLowerCase(Locale.ROOT), DEFAULT_TYPE);
    }

    /** {@code data:<type>[;param…][;base64],<data>}, with the bytes as base64 whatever their encoding was. */
    private record DataUri(String mimeType, String base64) {

        static DataUri parse(String uri, String param) {
            int comma = uri.indexOf(',');
            if (comma < 0) {
                throw invalid(param, "it has no ',' before the data");
            }
            String[] header = uri.substring("data:".length(), comma).split(";");
            String mimeType = header[0].trim();
            if (mimeType.isEmpty()) {
                throw invalid(param, "it names no media type (e.g. 'data:image/png;base64,…')");
            }
            String data = uri.substring(comma + 1);
            boolean base64 = header.length > 1 && header[header.length - 1].trim().equalsIgnoreCase("base64");
            if (base64) {
                return new DataUri(mimeType, data);
            }
            // percent-encoded text (RFC 2397); '+' is a plus there, not a space as URLDecoder would read it
            String text = URLDecoder.decode(data.replace("+", "%2B"), StandardCharsets.UTF_8);
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            return new DataUri(mimeType, Base64.getEncoder().encodeToString(bytes));
        }

        private static GatewayException.BadRequest invalid(String param, String why) {
            return new GatewayException.BadRequest("The data URI in '" + param + "' cannot be read: " + why + ".",
                    param, "invalid_value");
        }
    }
}
