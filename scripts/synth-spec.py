#!/usr/bin/env python3
"""Writes a synthetic OpenAPI 3.0 spec with N operations, for measuring how generation scales.

Each operation has a path parameter, a query parameter, a JSON body and a JSON response; every
tenth schema refers to the previous one, and a few use allOf and oneOf, so the generator's
reference, merge and union paths all run. Operations are tagged in groups of five (Cloudflare's
API averages 5.3 operations per tag), so the output is grouped as a large spec's is. Usage: synth-spec.py N OUT.json
"""
import json
import sys


def schema(i):
    properties = {
        "id": {"type": "string", "maxLength": 32},
        "name": {"type": "string", "pattern": "^[a-z ]+$"},
        "count": {"type": "integer", "minimum": 0},
        "kind": {"type": "string", "enum": ["a", "b", "c"]},
        "tags": {"type": "array", "items": {"type": "string"}},
        "created_at": {"type": "string", "format": "date-time"},
    }
    if i % 10 and i > 0:
        properties["previous"] = {"$ref": f"#/components/schemas/Thing{i - 1}"}
    thing = {"type": "object", "required": ["id"], "properties": properties}
    if i % 7 == 0:
        thing = {"allOf": [{"$ref": "#/components/schemas/Base"}, thing]}
    return thing


def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    schemas = {"Base": {"type": "object", "properties": {"etag": {"type": "string"}}}}
    paths = {}
    for i in range(n):
        schemas[f"Thing{i}"] = schema(i)
        if i % 5 == 0 and i > 0:
            schemas[f"Either{i}"] = {"oneOf": [{"$ref": f"#/components/schemas/Thing{i}"}, {"type": "string"}]}
        paths[f"/things{i}/{{thing_id}}"] = {
            "put": {
                "operationId": f"update_thing_{i}",
                "tags": [f"Group {i // 5}"],
                "parameters": [
                    {"name": "thing_id", "in": "path", "required": True, "schema": {"type": "string"}},
                    {"name": "dry_run", "in": "query", "schema": {"type": "boolean"}},
                ],
                "requestBody": {"required": True, "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/Thing{i}"}}}},
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/Thing{i}"}}}}},
            }
        }
    spec = {
        "openapi": "3.0.3",
        "info": {"title": f"Synthetic {n}", "version": "1.0.0"},
        "servers": [{"url": "https://api.example.com"}],
        "paths": paths,
        "components": {"schemas": schemas},
    }
    with open(out, "w") as f:
        json.dump(spec, f)


if __name__ == "__main__":
    main()
