package dev.llmgate.provider.anthropic;

import dev.llmgate.chat.Extras;
import dev.llmgate.chat.GatewayException;
import dev.llmgate.chat.Json;
import dev.llmgate.chat.ToolChoice;
import dev.llmgate.chat.ToolSpec;
import dev.llmgate.chat.Tooling;
import dev.llmgate.chat.WireObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Tools and tool choice between Anthropic's wire form and the canonical model. Custom tools
 * ({@code name}/{@code description}/{@code input_schema}) are functions; Anthropic's own tools (web search,
 * bash, text editor, …) are kept whole and reach only Anthropic upstreams. {@code parallel_tool_calls: false}
 * is Anthropic's {@code disable_parallel_tool_use}, which lives inside {@code tool_choice}.
 */
final class AnthropicTools {

    private static final String DIALECT = AnthropicDialect.ID;
    // "type" (optional "custom") and "strict" stay in the extras: strict tool use is accepted only by some
    // models, so it is sent to Anthropic only when an Anthropic client asked for it
    private static final Set<String> TOOL_FIELDS = Set.of("name", "description", "input_schema", "cache_control");
    private static final Set<String> CHOICE_FIELDS = Set.of("type", "name", "disable_parallel_tool_use");

    private AnthropicTools() {
    }

    static Tooling fromWire(WireObject wire, AnthropicRequestCodec.Kept kept) {
        List<ToolSpec> tools = new ArrayList<>();
        for (WireObject tool : wire.objects("tools")) {
            tools.add(toolFromWire(tool));
        }
        WireObject choice = wire.optObject("tool_choice");
        if (choice == null) {
            return tools.isEmpty() ? Tooling.NONE : new Tooling(tools, null, null);
        }
        String type = choice.requiredString("type");
        ToolChoice toolChoice = switch (type) {
            case "auto" -> ToolChoice.Mode.AUTO;
            case "any" -> ToolChoice.Mode.REQUIRED;
            case "none" -> ToolChoice.Mode.NONE;
            case "tool" -> new ToolChoice.Named(choice.requiredString("name"));
            default -> throw choice.invalidValue("type", type, "'auto', 'any', 'tool', 'none'");
        };
        Boolean disableParallel = choice.optBoolean("disable_parallel_tool_use");
        kept.keep("tool_choice", choice.unknown(CHOICE_FIELDS));
        return new Tooling(tools, toolChoice, disableParallel == null ? null : !disableParallel);
    }

    private static ToolSpec toolFromWire(WireObject tool) {
        String type = tool.optString("type");
        if (type != null && !type.equals("custom")) {
            return new ToolSpec(type, tool.optString("name"), null, null, null, AnthropicBlocks.cacheMarker(tool),
                    new Extras(DIALECT, tool.node()));
        }
        WireObject schema = tool.requiredObject("input_schema");
        return new ToolSpec("function", tool.requiredString("name"), tool.optString("description"), schema.node(),
                tool.optBoolean("strict"), AnthropicBlocks.cacheMarker(tool),
                Extras.of(DIALECT, tool.unknown(TOOL_FIELDS)));
    }

    // ---- canonical to wire ----

    static void toWire(Tooling tooling, ObjectNode wire) {
        if (tooling.isEmpty()) {
            return; // Anthropic rejects a tool_choice without tools
        }
        var tools = wire.putArray("tools");
        for (ToolSpec tool : tooling.tools()) {
            tools.add(toolToWire(tool));
        }
        if (tooling.choice() == null && tooling.parallelCalls() == null) {
            return;
        }
        ObjectNode choice = wire.putObject("tool_choice");
        switch (tooling.choice()) {
            case null -> choice.put("type", "auto");
            case ToolChoice.Mode mode -> choice.put("type", switch (mode) {
                case AUTO -> "auto";
                case NONE -> "none";
                case REQUIRED -> "any";
            });
            case ToolChoice.Named named -> choice.put("type", "tool").put("name", named.name());
        }
        if (tooling.parallelCalls() != null && tooling.choice() != ToolChoice.Mode.NONE) {
            choice.put("disable_parallel_tool_use", !tooling.parallelCalls());
        }
    }

    private static ObjectNode toolToWire(ToolSpec tool) {
        if (!tool.isFunction()) {
            ObjectNode original = tool.extras().forDialect(DIALECT);
            if (original == null) {
                throw new GatewayException.BadRequest("Tools of type '" + tool.type()
                        + "' cannot be sent to an Anthropic upstream.", "tools", "invalid_value");
            }
            return original;
        }
        ObjectNode wire = Json.object();
        wire.put("name", tool.name());
        if (tool.description() != null) {
            wire.put("description", tool.description());
        }
        JsonNode schema = tool.parameters();
        // Anthropic requires a schema; OpenAI lets a function without parameters omit it
        wire.set("input_schema", schema != null ? schema : Json.object().put("type", "object"));
        AnthropicBlocks.putCacheMarker(wire, tool.cache());
        Json.mergeMissing(wire, tool.extras().forDialect(DIALECT));
        return wire;
    }
}
