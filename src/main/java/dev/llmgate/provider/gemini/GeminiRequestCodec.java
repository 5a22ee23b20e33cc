package dev.llmgate.provider.gemini;

import dev.llmgate.chat.ChatRequest;
import dev.llmgate.chat.GatewayException;
import dev.llmgate.chat.Json;
import dev.llmgate.chat.ToolChoice;
import dev.llmgate.chat.ToolSpec;
import dev.llmgate.chat.Tooling;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The canonical request as a {@code generateContent} body: contents and system instruction
 * ({@link GeminiContents}), function declarations with their schemas converted ({@link GeminiSchemas}),
 * the tool config, and the generation config ({@link GeminiGenerationConfig}). Fields a client sent in
 * Gemini's own dialect are merged in unchanged.
 */
final class GeminiRequestCodec {

    private GeminiRequestCodec() {
    }

    static ObjectNode toWire(ChatRequest request, String model) {
        if (request.isStream() && request.sampling().n() != null && request.sampling().n() > 1) {
            throw new GatewayException.BadRequest("Gemini streams only one answer; 'n' greater than 1 cannot be "
                    + "combined with 'stream'.", "n", "invalid_value");
        }
        ObjectNode wire = Json.object();
        GeminiContents.Wire contents = GeminiContents.toWire(request.messages());
        wire.set("contents", contents.contents());
        if (contents.systemInstruction() != null) {
            wire.set("systemInstruction", contents.systemInstruction());
        }
        tools(request.tooling(), wire);
        ObjectNode generation = GeminiGenerationConfig.toWire(request, model);
        if (generation != null) {
            wire.set("generationConfig", generation);
        }
        Json.mergeMissing(wire, request.extras().forDialect(GeminiDialect.ID));
        return wire;
    }

    private static void tools(Tooling tooling, ObjectNode wire) {
        if (!tooling.tools().isEmpty()) {
            ArrayNode tools = wire.putArray("tools");
            ArrayNode declarations = null;
            for (int i = 0; i < tooling.tools().size(); i++) {
                ToolSpec tool = tooling.tools().get(i);
                if (tool.isFunction()) {
                    if (declarations == null) {
                        declarations = tools.addObject().putArray("functionDeclarations");
                    }
                    declarations.add(declaration(tool, "tools[" + i + "].function"));
                } else {
                    tools.add(builtIn(tool, "tools[" + i + "]"));
                }
            }
        }
        if (tooling.choice() != null) {
            ObjectNode calling = wire.putObject("toolConfig").putObject("functionCallingConfig");
            switch (tooling.choice()) {
                case ToolChoice.Mode mode -> calling.put("mode", switch (mode) {
                    case AUTO -> "AUTO";
                    case NONE -> "NONE";
                    case REQUIRED -> "ANY";
                });
                case ToolChoice.Named named -> {
                    if (tooling.tools().stream().noneMatch(t -> named.name().equals(t.name()))) {
                        throw new GatewayException.BadRequest("'tool_choice' names the function '" + named.name()
                                + "', which is not among the tools.", "tool_choice", "invalid_value");
                    }
                    calling.put("mode", "ANY");
                    calling.putArray("allowedFunctionNames").add(named.name());
                }
            }
        }
    }

    private static ObjectNode declaration(ToolSpec tool, String param) {
        ObjectNode declaration = Json.object();
        declaration.put("name", tool.name());
        if (tool.description() != null) {
            declaration.put("description", tool.description());
        }
        if (tool.parameters() != null) {
            ObjectNode parameters = GeminiSchemas.toWire(tool.parameters(), param + ".parameters");
            if (!parameters.isEmpty()) {
                declaration.set("parameters", parameters);
            }
        }
        return declaration;
    }

    /** A provider's built-in tool (search, code execution) reaches Gemini only as Gemini's own tool object. */
    private static ObjectNode builtIn(ToolSpec tool, String param) {
        ObjectNode original = tool.extras().forDialect(GeminiDialect.ID);
        if (original == null) {
            throw new GatewayException.BadRequest("Tools of type '" + tool.type()
                    + "' cannot be sent to a Gemini upstream.", param, "invalid_value");
        }
        return original;
    }
}
