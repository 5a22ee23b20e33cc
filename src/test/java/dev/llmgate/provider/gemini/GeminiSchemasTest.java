package dev.llmgate.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgate.chat.GatewayException;
import dev.llmgate.chat.Json;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class GeminiSchemasTest {

    private static JsonNode convert(String schema) {
        return GeminiSchemas.toWire(Json.parseObject(schema.getBytes()), "tools[0].function.parameters");
    }

    private static JsonNode json(String text) {
        return Json.parseObject(text.getBytes());
    }

    @Test
    void dropsKeywordsGeminiRejectsAndUppercasesTypes() {
        assertThat(convert("""
                {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "x", "type": "object",
                 "additionalProperties": false, "properties": {
                   "n": {"type": "integer", "exclusiveMinimum": 0, "exclusiveMaximum": 9, "minimum": 1, "multipleOf": 2},
                   "s": {"type": "string", "format": "uuid", "minLength": 1, "pattern": "^a"},
                   "t": {"type": "string", "format": "date-time"}},
                 "required": ["n", "missing"]}
                """)).isEqualTo(json("""
                {"type": "OBJECT", "properties": {
                   "n": {"type": "INTEGER", "minimum": 1},
                   "s": {"type": "STRING", "minLength": 1, "pattern": "^a"},
                   "t": {"type": "STRING", "format": "date-time"}},
                 "required": ["n"]}
                """));
    }

    @Test
    void typeListsWithNullBecomeNullableAndOthersAnyOf() {
        assertThat(convert("""
                {"type": "object", "properties": {
                   "a": {"type": ["string", "null"]},
                   "b": {"type": ["string", "integer"]}}}
                """)).isEqualTo(json("""
                {"type": "OBJECT", "properties": {
                   "a": {"type": "STRING", "nullable": true},
                   "b": {"anyOf": [{"type": "STRING"}, {"type": "INTEGER"}]}}}
                """));
    }

    @Test
    void constAndEnumsBecomeStringEnums() {
        assertThat(convert("""
                {"type": "object", "properties": {
                   "kind": {"const": "circle"},
                   "size": {"type": "integer", "enum": [1, 2, 3]},
                   "unit": {"enum": ["cm", "in", null]},
                   "flag": {"enum": [true]}}}
                """)).isEqualTo(json("""
                {"type": "OBJECT", "properties": {
                   "kind": {"type": "STRING", "enum": ["circle"]},
                   "size": {"type": "INTEGER", "enum": ["1", "2", "3"], "format": "enum"},
                   "unit": {"type": "STRING", "enum": ["cm", "in"], "nullable": true},
                   "flag": {"type": "BOOLEAN"}}}
                """));
    }

    @Test
    void inlinesLocalReferencesAndStopsRecursionAtOneLevel() {
        assertThat(convert("""
                {"type": "object", "$defs": {
                   "Point": {"type": "object", "properties": {"x": {"type": "number"}}, "required": ["x"]},
                   "Node": {"type": "object", "properties": {"child": {"$ref": "#/$defs/Node"}}}},
                 "properties": {
                   "at": {"$ref": "#/$defs/Point", "description": "where"},
                   "tree": {"$ref": "#/$defs/Node"},
                   "old": {"$ref": "#/definitions/Old"}},
                 "definitions": {"Old": {"type": "boolean"}}}
                """)).isEqualTo(json("""
                {"type": "OBJECT", "properties": {
                   "at": {"description": "where", "type": "OBJECT", "properties": {"x": {"type": "NUMBER"}},
                          "required": ["x"]},
                   "tree": {"type": "OBJECT", "properties": {"child": {"type": "OBJECT"}}},
                   "old": {"type": "BOOLEAN"}}}
                """));
    }

    @Test
    void anyOfWithNullIsInlinedAndOneOfBecomesAnyOf() {
        assertThat(convert("""
                {"type": "object", "properties": {
                   "maybe": {"anyOf": [{"type": "string", "maxLength": 3}, {"type": "null"}], "default": null},
                   "either": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "integer"}}]}}}
                """)).isEqualTo(json("""
                {"type": "OBJECT", "properties": {
                   "maybe": {"nullable": true, "type": "STRING", "maxLength": 3},
                   "either": {"anyOf": [{"type": "STRING"}, {"type": "ARRAY", "items": {"type": "INTEGER"}}]}}}
                """));
    }

    @Test
    void allOfIsMergedWithTheSchemasOwnKeywordsWinning() {
        assertThat(convert("""
                {"description": "own", "allOf": [
                   {"type": "object", "description": "first", "properties": {"a": {"type": "string"}}, "required": ["a"]},
                   {"properties": {"b": {"type": "integer"}}, "required": ["b"]}]}
                """)).isEqualTo(json("""
                {"description": "own", "type": "OBJECT",
                 "properties": {"a": {"type": "STRING"}, "b": {"type": "INTEGER"}}, "required": ["a", "b"]}
                """));
    }

    @Test
    void infersObjectAndArrayTypesAndKeepsNestedConstraints() {
        assertThat(convert("""
                {"properties": {"list": {"items": {"type": "object", "additionalProperties": {"type": "string"},
                   "properties": {"k": {"type": "string", "examples": ["v"]}}}, "minItems": 1}}}
                """)).isEqualTo(json("""
                {"type": "OBJECT", "properties": {"list": {"type": "ARRAY", "minItems": 1, "items": {"type": "OBJECT",
                   "properties": {"k": {"type": "STRING", "example": "v"}}}}}}
                """));
    }

    @Test
    void remoteReferencesAndUnknownTypesAreTheClientsToFix() {
        assertThatThrownBy(() -> convert("{\"$ref\": \"https://example.com/schema.json\"}"))
                .isInstanceOf(GatewayException.BadRequest.class)
                .hasMessageContaining("tools[0].function.parameters").hasMessageContaining("example.com");
        assertThatThrownBy(() -> convert("{\"$ref\": \"#/$defs/Nowhere\"}"))
                .isInstanceOf(GatewayException.BadRequest.class).hasMessageContaining("does not define");
        assertThatThrownBy(() -> convert("{\"type\": \"text\"}"))
                .isInstanceOf(GatewayException.BadRequest.class).hasMessageContaining("'text'");
    }
}
