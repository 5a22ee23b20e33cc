package dev.llmgate.testing;

import dev.llmgate.chat.Extras;
import dev.llmgate.chat.Json;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Renders canonical records as JSON for golden files: each record with its type name and components. */
public final class Canonical {

    private Canonical() {
    }

    public static JsonNode describe(Object value) {
        return switch (value) {
            case null -> Json.MAPPER.getNodeFactory().nullNode();
            case JsonNode node -> node;
            case Extras extras -> extras.isEmpty() ? Json.MAPPER.getNodeFactory().nullNode()
                    : Json.object().put("dialect", extras.dialect()).set("fields", extras.fields());
            case String s -> Json.MAPPER.getNodeFactory().stringNode(s);
            case Boolean b -> Json.MAPPER.getNodeFactory().booleanNode(b);
            case Number n -> Json.MAPPER.valueToTree(n);
            case Enum<?> e -> Json.MAPPER.getNodeFactory().stringNode(e.name());
            case Collection<?> items -> {
                ArrayNode array = Json.MAPPER.createArrayNode();
                items.forEach(item -> array.add(describe(item)));
                yield array;
            }
            case Map<?, ?> map -> {
                ObjectNode object = Json.object();
                map.forEach((k, v) -> object.set(String.valueOf(k), describe(v)));
                yield object;
            }
            case Record record -> {
                ObjectNode object = Json.object();
                object.put("@type", record.getClass().getSimpleName());
                for (RecordComponent component : record.getClass().getRecordComponents()) {
                    try {
                        Object componentValue = component.getAccessor().invoke(record);
                        JsonNode described = describe(componentValue);
                        if (!described.isNull()) {
                            object.set(component.getName(), described);
                        }
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException(e);
                    }
                }
                yield object;
            }
            default -> Json.MAPPER.getNodeFactory().stringNode(value.toString());
        };
    }
}
