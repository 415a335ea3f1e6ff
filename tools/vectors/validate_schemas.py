"""Validates every file of vectors/ against its JSON Schema (spec/schemas/, generated from the
YAML) with the jsonschema package: an implementation independent of NettingKit's own reader.
The transitions and traces files also validate every state, input, output and rejection they
hold against the canonical form's schema. Then runs the README walk-through (the block
Tests/NettingCLITests/WalkThroughTests.swift runs) with the built netting ($NETTING, default
.build/debug/netting) in an empty folder, and validates every line `netting chain` prints (a chain
log against chain-log.schema.json, a Block against the canonical form's) and the chain file after
every `netting chain` call against chain-file.schema.json. Exits 1 naming the first failing file,
case and path."""
import atexit, json, os, pathlib, shutil, subprocess, sys, tempfile

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

def walk_through():
    """The README walk-through, each `netting chain` call's output and chain file kept."""
    readme = pathlib.Path("README.md").read_text()
    marker = "<!-- walk-through: Tests/NettingCLITests/WalkThroughTests.swift runs the next block -->\n```sh\n"
    parts = readme.split(marker)
    if len(parts) != 2:
        sys.exit("README.md must have the walk-through marker exactly once")
    block = parts[1].split("\n```")[0]
    netting = os.path.abspath(os.environ.get("NETTING", ".build/debug/netting"))
    wrapper = ('calls=0\nnetting() {\n  if [ "$1" = chain ]; then\n    calls=$((calls + 1))\n'
               '    "$NETTING" "$@" | tee chain-call-$calls.out\n    cp chain.json chain-call-$calls.json\n'
               '  else "$NETTING" "$@"; fi\n}\n')
    folder = pathlib.Path(tempfile.mkdtemp(prefix="netting-chain-schemas-"))
    atexit.register(shutil.rmtree, folder, True)
    run = subprocess.run(["bash", "-euo", "pipefail", "-c", wrapper + block], cwd=folder, capture_output=True, text=True,
                         env={"NETTING": netting, "PATH": "/usr/bin:/bin"})
    if run.returncode != 0:
        sys.exit(f"the README walk-through failed with {netting}:\n{run.stdout[-2000:]}\n{run.stderr[-2000:]}")
    return folder

chain_log, chain_file, block = validator("chain-log.schema.json"), validator("chain-file.schema.json"), \
    jsonschema.Draft202012Validator({"$ref": "channel.schema.json#/$defs/Block"}, registry=registry)
folder = walk_through()
calls = sorted(folder.glob("chain-call-*.json"), key=lambda p: int(p.stem.split("-")[-1]))
logs = []
for path in calls:
    for error in chain_file.iter_errors(json.loads(path.read_text())):
        print(f"README walk-through, {path.name}: {'/'.join(map(str, error.absolute_path))}: {error.message[:200]}")
        failed += 1
    lines = [l for l in path.with_suffix(".out").read_text().splitlines() if l.startswith("{")]
    for n, line in enumerate(lines, 1):
        document = json.loads(line)
        v = block if document.get("type") == "Block" else chain_log
        logs += [] if v is block else [document]
        for error in v.iter_errors(document):
            print(f"README walk-through, {path.with_suffix('.out').name}:{n}: {'/'.join(map(str, error.absolute_path))}: {error.message[:200]}")
            failed += 1
# The check can fail: a log without one of its keys, or with one more, and a chain file with one
# participant, are refused.
if not calls or not logs:
    sys.exit("the README walk-through made no netting chain call that printed a log")
for mutant in [{k: v for k, v in logs[0].items() if k != "block_number"}, {**logs[0], "extra": "0"}]:
    if chain_log.is_valid(mutant):
        sys.exit(f"chain-log.schema.json accepts a broken log: {mutant}")
broken = json.loads(calls[0].read_text())
broken["token_network"]["participants"].pop()
if chain_file.is_valid(broken):
    sys.exit("chain-file.schema.json accepts a chain file with one participant")
if failed:
    sys.exit(f"{failed} schema violations")
print(f"{files} vector files and the manifest validate against spec/schemas/; so do the README walk-through's "
      f"{len(calls)} chain files and {len(logs)} chain logs ({', '.join(sorted({l['type'] for l in logs}))})")
