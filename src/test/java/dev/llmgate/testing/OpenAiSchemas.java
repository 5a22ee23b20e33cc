package dev.llmgate.testing;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.llmgate.chat.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** OpenAI's published response schemas (see {@code src/test/resources/openapi/README.md}). */
public final class OpenAiSchemas {

    private static final ObjectNode DEFS = load();
    private static final Schema RESPONSE = root("CreateChatCompletionResponse");
    private static final Schema CHUNK = root("CreateChatCompletionStreamResponse");

    private OpenAiSchemas() {
    }

    /** Violations of {@code CreateChatCompletionResponse}, as readable lines; empty when valid. */
    public static List<String> responseErrors(JsonNode body) {
        return describe(RESPONSE.validate(body));
    }

    /** Violations of {@code CreateChatCompletionStreamResponse}; empty when valid. */
    public static List<String> chunkErrors(JsonNode chunk) {
        return describe(CHUNK.validate(chunk));
    }

    private static List<String> describe(List<Error> errors) {
        return errors.stream().map(Error::toString).toList();
    }

    private static Schema root(String name) {
        ObjectNode schema = DEFS.deepCopy();
        schema.put("$ref", "#/$defs/" + name);
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(Json.text(schema));
    }

    private static ObjectNode load() {
        try {
            return (ObjectNode) Json.MAPPER.readTree(
                    Files.readString(Path.of("src/test/resources/openapi/openai-chat-schemas.json")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
