#!/usr/bin/env python3
"""Resolve every citation of spec/channel.yaml against Raiden 3.0.1's sources.

A citation is the value of a `source:` or `evidence:` key. Its grammar is stated in the header of
spec/channel.yaml: parts split by `;` or `, ` (outside parentheses), each a reference and an
optional note. A reference is

  module.name        module: a file name without .py, first found in raiden/transfer/,
                     raiden/transfer/mediated_transfer/, raiden/, then (if unique) anywhere in
                     raiden/; TokenNetwork: raiden-contracts' TokenNetwork.sol
  path name          raiden/…/file.py (or raiden_contracts/…) and a name in it; any other relative
                     path must be a file of this repository
  name               bare: found in a file that an earlier reference of the citation, or of its
                     transition's `source`, named
  bp check n         check n of channel.is_balance_proof_usable_onchain
  NettingKit …       our own decision: not resolved, up to the next `;`

where name is a top-level def, class or constant, `Class.method` / `Class.CONSTANT`, or a method
of any class of the file (a `function` of a .sol file). A citation of nothing ("digest", "§",
"machine.md") or of a path outside the repository ("/tmp/…", "/…", "../…") fails.

Usage: check_citations.py [--raiden-src DIR] [--spec spec/channel.yaml]
DIR (or $RAIDEN_SRC, default .raiden-src) holds raiden/ and raiden_contracts/ as unpacked from
the raiden==3.0.1 and raiden-contracts==0.40.2 wheels (tools/citations/fetch-raiden.sh DIR).
Prints one line per unresolved citation (file:line: key path: citation part: reason) and exits 1;
otherwise one summary line, exit 0.
"""
from __future__ import annotations

import argparse
import ast
import os
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
CITATION_KEYS = ("source", "evidence")
PINNED = {"raiden": "3.0.1", "raiden_contracts": "0.40.2"}
MODULE_DIRS = ("raiden/transfer", "raiden/transfer/mediated_transfer", "raiden")
CONTRACTS_DIR = "raiden_contracts/data/source"  # this version's (data_0.x.y/ hold older ones)
BP_CHECKS = ("channel", "is_balance_proof_usable_onchain")
FORBIDDEN = ("digest", "§", "machine.md", "/tmp/")
IDENT = r"[A-Za-z_][A-Za-z0-9_]*"
NAME_RE = re.compile(rf"{IDENT}(?:\.{IDENT})*")
PATH_RE = re.compile(r"[^\s()]+\.(?:py|sol|md|rst|swift|yaml|txt)")


class Unresolved(Exception):
    pass


class Sources:
    """Raiden's unpacked sources: module lookup and the names each file defines."""

    def __init__(self, root: Path):
        self.root = root
        self._names: dict[Path, tuple[set[str], dict[str, set[str]]]] = {}

    def module(self, name: str) -> Path | None:
        if name[:1].isupper():  # Raiden's Python modules are lower case; contracts are not
            found = sorted((self.root / CONTRACTS_DIR).rglob(f"{name}.sol"))
            return found[0] if len(found) == 1 else None
        for d in MODULE_DIRS:
            for candidate in (self.root / d / f"{name}.py", self.root / d / name / "__init__.py"):
                if candidate.is_file():
                    return candidate
        raiden = self.root / "raiden"
        found = sorted(set(raiden.rglob(f"{name}.py")) | set(raiden.rglob(f"{name}/__init__.py")))
        if len(found) > 1:
            raise Unresolved(f"module {name} is ambiguous ({', '.join(self.rel(p) for p in found)}): cite its path")
        return found[0] if found else None

    def names(self, path: Path) -> tuple[set[str], dict[str, set[str]]]:
        """(top-level names and every method name, {class: its member names})."""
        if path not in self._names:
            text = path.read_text(encoding="utf-8")
            top: set[str] = set()
            classes: dict[str, set[str]] = {}
            if path.suffix == ".py":
                for node in ast.parse(text, str(path)).body:
                    top.update(_defined(node))
                    if isinstance(node, ast.ClassDef):
                        members = {n for child in node.body for n in _defined(child)}
                        classes[node.name] = members
                        methods = (c for c in node.body if isinstance(c, (ast.FunctionDef, ast.AsyncFunctionDef)))
                        top.update(m.name for m in methods)
            elif path.suffix == ".sol":
                top.update(re.findall(rf"\b(?:function|contract|library|struct|event|modifier)\s+({IDENT})", text))
            else:  # a repository file: any identifier in it
                top.update(re.findall(IDENT, text))
            self._names[path] = (top, classes)
        return self._names[path]

    def has(self, path: Path, name: str) -> bool:
        top, classes = self.names(path)
        if "." not in name:
            return name in top
        cls, member = name.split(".", 1)
        return "." not in member and member in classes.get(cls, set())

    def rel(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root))
        except ValueError:
            return str(path.relative_to(ROOT))


def _defined(node: ast.stmt) -> set[str]:
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return {node.name}
    if isinstance(node, ast.Assign):
        return {t.id for t in node.targets if isinstance(t, ast.Name)}
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        return {node.target.id}
    return set()


def split_top(text: str, separators: tuple[str, ...]) -> list[str]:
    """Split on any separator that is outside parentheses."""
    parts, depth, start, i = [], 0, 0, 0
    while i < len(text):
        c = text[i]
        depth += c == "("
        depth -= c == ")"
        sep = next((s for s in separators if depth == 0 and text.startswith(s, i)), None)
        if sep:
            parts.append(text[start:i])
            i += len(sep)
            start = i
        else:
            i += 1
    parts.append(text[start:])
    return [p.strip() for p in parts]


def resolve(citation: str, context: list[Path], sources: Sources,
            log: list[str] | None = None) -> tuple[int, list[str], list[Path]]:
    """(references resolved, problems, files named) for one citation; context: files named before;
    log: receives "reference -> file" for each resolved reference."""
    problems: list[str] = []
    named: list[Path] = []
    count = 0
    for part in split_top(citation, (";",)):
        for sub in split_top(part, (", ",)) if not re.match(r"NettingKit\b", part) else [part]:
            if cited := [w for w in FORBIDDEN if w in sub.lower()]:
                words = " and ".join(map(repr, cited))
                problems.append(f"{sub}: cites {words}, which nobody can open: cite Raiden's file and function")
                continue
            if re.match(r"NettingKit\b", sub):
                continue
            try:
                path = resolve_part(sub, context + named, sources)
            except Unresolved as e:
                problems.append(f"{sub}: {e}")
                continue
            count += 1
            if log is not None:
                log.append(f"{sub} -> {sources.rel(path)}")
            if path not in named:
                named.append(path)
    return count, problems, named


def resolve_part(part: str, context: list[Path], sources: Sources) -> Path:
    if not part:
        raise Unresolved("empty reference")
    if re.fullmatch(r"bp check \d+\b.*", part):
        path = sources.module(BP_CHECKS[0])
        if path is None or not sources.has(path, BP_CHECKS[1]):
            raise Unresolved(f"no def {BP_CHECKS[1]} in raiden/transfer/channel.py")
        return path
    tokens = part.split()
    head = tokens[0]
    if PATH_RE.fullmatch(head):
        path = resolve_path(head, sources)
        name = tokens[1] if len(tokens) > 1 and NAME_RE.fullmatch(tokens[1]) else None
        if name and not sources.has(path, name):
            raise Unresolved(f"no def {name} in {sources.rel(path)}")
        return path
    if "/" in head:
        raise Unresolved(f"{head} is not a file of Raiden or of this repository")
    if not NAME_RE.fullmatch(head):
        raise Unresolved("a reference must start with module.name, a path, a bare name, `bp check n` or NettingKit")
    module, _, rest = head.partition(".")
    if rest:
        path = sources.module(module)
        if path is not None:
            if not sources.has(path, rest):
                raise Unresolved(f"no def {rest} in {sources.rel(path)}")
            return path
    for path in context:
        if sources.has(path, head):
            return path
    if rest:
        raise Unresolved(f"{module} is no Raiden module (a file name without .py) "
                         f"and no name in {_files(context, sources)}")
    raise Unresolved(f"no def {head} in {_files(context, sources)}")


def resolve_path(text: str, sources: Sources) -> Path:
    if text.startswith("/") or ".." in Path(text).parts or text.startswith("~"):
        raise Unresolved(f"{text} is outside the repository")
    if text.startswith(("raiden/", "raiden_contracts/")):
        path = sources.root / text
        if not path.is_file():
            raise Unresolved(f"no file {text} in raiden {PINNED['raiden']} / raiden-contracts {PINNED['raiden_contracts']}")
        return path
    path = ROOT / text
    if not path.is_file():
        raise Unresolved(f"no file {text} in this repository")
    return path


def _files(context: list[Path], sources: Sources) -> str:
    return ", ".join(sources.rel(p) for p in context) or "the files named before (none: name the module)"


def citations(node: yaml.Node, path: str = ""):
    """Yield (key path, line, text) for every citation under node, in document order."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            sub = f"{path}.{key.value}" if path else key.value
            if key.value in CITATION_KEYS and isinstance(value, yaml.ScalarNode):
                yield sub, value.start_mark.line + 1, str(value.value)
            else:
                yield from citations(value, sub)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            label = f"{path}[{i}]"
            if isinstance(item, yaml.MappingNode):
                name = next((v for k, v in item.value if k.value == "name"), None)
                if isinstance(name, yaml.ScalarNode):
                    label = f"{path}.{name.value}"
            yield from citations(item, label)


def check(spec: Path, sources: Sources, verbose: bool = False) -> tuple[int, int, list[str]]:
    """(citations, references resolved, problems)."""
    found = list(citations(yaml.compose(spec.read_text(encoding="utf-8"))))
    shown = spec.relative_to(ROOT) if spec.is_relative_to(ROOT) else spec
    # A guard's bare names resolve in the files its transition's `source` names.
    transition_files = {key.removesuffix(".source"): resolve(text, [], sources)[2]
                        for key, _, text in found if re.fullmatch(r"transitions\.[^.\[]+\.source", key)}
    problems: list[str] = []
    references = 0
    for key, line, text in found:
        owner = re.match(r"transitions\.[^.\[]+", key)
        inside = owner is not None and key != owner.group(0) + ".source"
        context = transition_files.get(owner.group(0), []) if inside else []
        log: list[str] = []
        count, errors, _ = resolve(text, context, sources, log)
        if verbose:
            print(f"{shown}:{line}: {key}: " + "; ".join(log or ["(NettingKit)"]))
        references += count
        problems += [f"{shown}:{line}: {key}: {e}" for e in errors]
        if count == 0 and not errors and not re.match(r"NettingKit\b", text):
            problems.append(f"{shown}:{line}: {key}: {text!r} cites nothing")
    return len(found), references, problems


def pinned_versions(root: Path) -> list[str]:
    missing = []
    for package, version in PINNED.items():
        if not (root / f"{package}-{version}.dist-info").is_dir():
            missing.append(f"{package.replace('_', '-')}=={version}")
    return missing


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--raiden-src", default=os.environ.get("RAIDEN_SRC", str(ROOT / ".raiden-src")),
                        help="unpacked raiden 3.0.1 and raiden-contracts 0.40.2 wheels (default $RAIDEN_SRC or .raiden-src)")
    parser.add_argument("--spec", default=str(ROOT / "spec/channel.yaml"))
    parser.add_argument("--verbose", action="store_true", help="print every reference and the file it resolved in")
    args = parser.parse_args()
    root = Path(args.raiden_src)
    missing = pinned_versions(root)
    if missing:
        print(f"{root}: no unpacked {', '.join(missing)}: run tools/citations/fetch-raiden.sh {root} "
              "(make test does)", file=sys.stderr)
        return 2
    total, references, problems = check(Path(args.spec).resolve(), Sources(root), args.verbose)
    for p in problems:
        print(p)
    if problems:
        print(f"{len(problems)} unresolved in {total} citations", file=sys.stderr)
        return 1
    shown = Path(args.spec).resolve()
    shown = shown.relative_to(ROOT) if shown.is_relative_to(ROOT) else shown
    print(f"{shown}: {total} citations, {references} references, all resolved in "
          f"raiden {PINNED['raiden']} and raiden-contracts {PINNED['raiden_contracts']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
