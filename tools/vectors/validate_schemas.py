"""Validates every file of vectors/ against its JSON Schema (spec/schemas/, generated from the
YAML) with the jsonschema package: an implementation independent of NettingKit's own reader.
The transitions and traces files also validate every state, input, output and rejection they
hold against the canonical form's schema. Exits 1 naming the first failing file, case and path."""
import json, pathlib, sys

import jsonschema
from referencing import Registry, Resource

schemas = {p.name: json.loads(p.read_text()) for p in pathlib.Path("spec/schemas").glob("*.schema.json")}
registry = Registry().with_resources(
    (schema["$id"], Resource.from_contents(schema)) for schema in schemas.values()
).with_resources((name, Resource.from_contents(schema)) for name, schema in schemas.items())

def validator(name):
    return jsonschema.Draft202012Validator(schemas[name], registry=registry)

# Each suite's own schema, where it has one: spec/schemas/<suite>.schema.json.
by_suite = {name.removesuffix(".schema.json"): validator(name) for name in schemas
            if name not in ("channel.schema.json", "vector-file.schema.json", "manifest.schema.json")}
generic = validator("vector-file.schema.json")
failed = 0
manifest = json.loads(pathlib.Path("vectors/manifest.json").read_text())
for error in validator("manifest.schema.json").iter_errors(manifest):
    print(f"vectors/manifest.json: {'/'.join(map(str, error.absolute_path))}: {error.message[:200]}")
    failed += 1
files = 0
for entry in manifest["files"]:
    document = json.loads(pathlib.Path("vectors", entry["path"]).read_text())
    files += 1
    for v in [generic, by_suite.get(document["suite"])]:
        if v is None:
            continue
        for error in v.iter_errors(document):
            print(f"vectors/{entry['path']}: {'/'.join(map(str, error.absolute_path))}: {error.message[:200]}")
            failed += 1
            break
if failed:
    sys.exit(f"{failed} schema violations")
print(f"{files} vector files and the manifest validate against spec/schemas/")
