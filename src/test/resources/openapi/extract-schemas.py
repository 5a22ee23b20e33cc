"""Extracts the chat-completion response schemas (and everything they reference) from OpenAI's
published OpenAPI description into one JSON Schema 2020-12 document, openai-chat-schemas.json.

Run from this folder:  python3 extract-schemas.py /path/to/openai-openapi.yaml
The spec mixes OpenAPI 3.0's `nullable: true` into a 3.1 document; JSON Schema ignores that keyword,
so it is rewritten here as a type union with "null" (and null added to any enum) -- the meaning the
spec's authors intended. Nothing else is changed."""
import json
import sys

import yaml

ROOTS = ["CreateChatCompletionResponse", "CreateChatCompletionStreamResponse"]


def main(spec_path):
    spec = yaml.safe_load(open(spec_path))
    schemas = spec["components"]["schemas"]
    wanted, todo = {}, list(ROOTS)
    while todo:
        name = todo.pop()
        if name in wanted:
            continue
        wanted[name] = schemas[name]
        todo.extend(refs(schemas[name]))
    out = {"$schema": "https://json-schema.org/draft/2020-12/schema",
           "$comment": "Extracted by extract-schemas.py from openai/openai-openapi openapi.yaml "
                       "(commit f85dbe223d40e1a31cba812ab2d755c7e98a92a3, MIT); see README.md.",
           "$defs": {name: rewrite(schema) for name, schema in sorted(wanted.items())}}
    json.dump(out, open("openai-chat-schemas.json", "w"), indent=1, sort_keys=True)
    print("wrote", len(wanted), "schemas")


def refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and value.startswith("#/components/schemas/"):
                yield value.rsplit("/", 1)[1]
            else:
                yield from refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from refs(item)


def rewrite(node):
    if isinstance(node, list):
        return [rewrite(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: rewrite(value) for key, value in node.items()}
    if "$ref" in node:
        node["$ref"] = node["$ref"].replace("#/components/schemas/", "#/$defs/")
    if node.pop("nullable", False):
        if "type" in node:
            types = node["type"] if isinstance(node["type"], list) else [node["type"]]
            node["type"] = types + ["null"]
        if "enum" in node and None not in node["enum"]:
            node["enum"] = node["enum"] + [None]
        if "type" not in node and "$ref" in node:
            node = {"anyOf": [{"$ref": node.pop("$ref")}, {"type": "null"}], **node}
    return node


if __name__ == "__main__":
    main(sys.argv[1])
