#!/usr/bin/env python3
"""Cuts an OpenAPI document (JSON) down to the operations whose path contains a substring.

Keeps only the components those operations reach through `$ref` (transitively), so a peer
generator that turns every component schema into a type compiles the same API surface as ours.
"""
import argparse
import json

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
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("spec", help="the whole document, JSON")
    parser.add_argument("needle", help="keep the operations whose path contains this")
    parser.add_argument("out", help="where to write the cut document")
    parser.add_argument("--skip", action="append", default=[], metavar="OPERATION-ID",
                        help="leave this operation out (repeat for several)")
    args = parser.parse_args()
    with open(args.spec) as f:
        doc = json.load(f)
    paths = {}
    for path, item in doc["paths"].items():
        if args.needle not in path:
            continue
        kept = {k: v for k, v in item.items() if k not in METHODS or v.get("operationId") not in args.skip}
        if any(k in METHODS for k in kept):
            paths[path] = kept
    todo, seen = set(), set()
    refs(paths, todo)
    while todo:
        ref = todo.pop()
        if ref not in seen:
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
    with open(args.out, "w") as f:
        json.dump(cut, f, indent=1)
    operations = sum(1 for item in paths.values() for k in item if k in METHODS)
    print(f"{operations} operations, {sum(map(len, components.values()))} components -> {args.out}")


if __name__ == "__main__":
    main()
