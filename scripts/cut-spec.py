#!/usr/bin/env python3
"""Cuts an OpenAPI document down to the operations whose path contains a substring.

Keeps only the components those operations reach through `$ref` (transitively), so a peer
generator that turns every component schema into a type compiles the same API surface as ours.
Usage: scripts/cut-spec.py SPEC.json PATH-SUBSTRING OUT.json [--skip OPERATION-ID]...
"""
import json
import sys

METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}


def refs(node, found):
    """Collects every local `$ref` under `node` into `found`."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/"):
            found.add(ref)
        for value in node.values():
            refs(value, found)
    elif isinstance(node, list):
        for value in node:
            refs(value, found)


def resolve(doc, ref):
    node = doc
    for part in ref[2:].split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def main():
    args = sys.argv[1:]
    skipped = {args[i + 1] for i, a in enumerate(args) if a == "--skip"}
    spec, needle, out = [a for i, a in enumerate(args)
                         if a != "--skip" and (i == 0 or args[i - 1] != "--skip")]
    with open(spec) as f:
        doc = json.load(f)
    paths = {}
    for path, item in doc["paths"].items():
        if needle not in path:
            continue
        kept = {k: v for k, v in item.items()
                if k not in METHODS or v.get("operationId") not in skipped}
        if any(k in METHODS for k in kept):
            paths[path] = kept
    todo, seen = set(), set()
    refs(paths, todo)
    refs(doc.get("security", []), todo)
    while todo:
        ref = todo.pop()
        if ref in seen:
            continue
        seen.add(ref)
        refs(resolve(doc, ref), todo)
    components = {}
    for ref in sorted(seen):
        section, name = ref.split("/")[2:4]
        components.setdefault(section, {})[name] = doc["components"][section][name]
    # Security schemes are named, not referenced: keep those the document declares.
    if "securitySchemes" in doc.get("components", {}):
        components["securitySchemes"] = doc["components"]["securitySchemes"]
    cut = {k: v for k, v in doc.items() if k not in ("paths", "components")}
    cut["paths"] = paths
    cut["components"] = components
    with open(out, "w") as f:
        json.dump(cut, f, indent=1, sort_keys=False)
    operations = sum(1 for item in paths.values() for k in item if k in METHODS)
    print(f"{operations} operations, {sum(map(len, components.values()))} components -> {out}")


if __name__ == "__main__":
    main()
