#!/usr/bin/env python3
"""Architecture lint (make lint): first-party imports inside functions, and import cycles between modules.

import-linter (.importlinter) keeps the apps' layers; this keeps each app's own modules honest:

1. A first-party import written inside a function hides a cycle. The only sanctioned places are the
   ones Django and Celery need: `apps.py` (AppConfig.ready) and task modules (a task imports the
   service it calls, so that services can import tasks at module top). Anywhere else fails.
2. No cycle between first-party modules, counting every import except those sanctioned ones.

Tests and migrations are not checked. Prints the counts (`--verbose`: every finding). Exits 1 on a
finding that is not written down in scripts/architecture-allow.txt, and on a line there that no longer
matches anything (so the list only shrinks).
"""

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = (
    "portal",
    "motions",
    "guidance",
    "filings",
    "notices",
    "delivery",
    "sms",
    "accounts",
    "cases",
    "audit",
    "common",
)
SANCTIONED = ("apps.py", "tasks.py")
# Findings that predate this check, each to be fixed and deleted (issue 14); nothing is ever added.
ALLOW_FILE = ROOT / "scripts" / "architecture-allow.txt"


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            rel = path.relative_to(ROOT)
            if "tests" in rel.parts or "migrations" in rel.parts:
                continue
            parts = list(rel.with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def _targets(node, modules) -> list[str]:
    """The first-party modules an import statement names (`from a import b` may name module a.b)."""
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    elif node.level == 0 and node.module:
        names = [f"{node.module}.{alias.name}" for alias in node.names] + [node.module]
    else:
        return []
    hits = []
    for name in names:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        if name and name.split(".")[0] in PACKAGES:
            hits.append(name)
    return sorted(set(hits))


def _scan(modules):
    edges: dict[str, set[str]] = {name: set() for name in modules}
    hidden: list[tuple[str, int, str]] = []
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        sanctioned = path.name in SANCTIONED
        inside = set()
        for func in ast.walk(tree):
            if isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
                inside.update(id(n) for n in ast.walk(func) if isinstance(n, ast.Import | ast.ImportFrom))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Import | ast.ImportFrom):
                continue
            targets = [t for t in _targets(node, modules) if t != name]
            if id(node) in inside:
                if sanctioned:
                    continue
                hidden.extend((str(path.relative_to(ROOT)), node.lineno, t) for t in targets)
            if isinstance(node, ast.ImportFrom) and any(t == node.module for t in targets) and len(targets) > 1:
                targets = [t for t in targets if t != node.module]  # `from pkg import module`: the module
            edges[name].update(targets)
    return edges, hidden


class _Tarjan:
    """Strongly connected groups of more than one module (Tarjan's algorithm, iterative)."""

    def __init__(self, edges):
        self.edges, self.index, self.low, self.stack, self.on_stack, self.groups = edges, {}, {}, [], set(), []

    def run(self) -> list[list[str]]:
        for start in self.edges:
            if start not in self.index:
                self._visit(start)
        return self.groups

    def _enter(self, node, work) -> None:
        self.index[node] = self.low[node] = len(self.index)
        self.stack.append(node)
        self.on_stack.add(node)
        work.append((node, iter(sorted(self.edges.get(node, ())))))

    def _visit(self, start) -> None:
        work: list = []
        self._enter(start, work)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    self.low[work[-1][0]] = min(self.low[work[-1][0]], self.low[node])
                self._close(node)
            elif child not in self.index:
                self._enter(child, work)
            elif child in self.on_stack:
                self.low[node] = min(self.low[node], self.index[child])

    def _close(self, node) -> None:
        if self.low[node] != self.index[node]:
            return
        group = []
        while True:
            member = self.stack.pop()
            self.on_stack.discard(member)
            group.append(member)
            if member == node:
                break
        if len(group) > 1:
            self.groups.append(sorted(group))


def _allowed(path: Path) -> set[str]:
    """Findings written down in the allow file (one per line, as this script prints them)."""
    if not path.exists():
        return set()
    return {line.strip() for line in path.read_text().splitlines() if line.strip() and not line.startswith("#")}


def main(argv: list[str]) -> int:
    modules = _modules()
    edges, hidden = _scan(modules)
    cycles = _Tarjan(edges).run()
    findings = [f"{path} imports {target} inside a function" for path, _line, target in hidden]
    findings += [f"cycle: {' <-> '.join(group)}" for group in cycles]
    allowed = _allowed(ALLOW_FILE)
    new = [f for f in findings if f not in allowed]
    gone = sorted(allowed - set(findings))
    print(f"first-party imports inside functions outside {', '.join(SANCTIONED)}: {len(hidden)}")
    print(f"import cycles between modules: {len(cycles)} ({sum(map(len, cycles))} modules)")
    print(f"written down in {ALLOW_FILE.name} (to be removed, never added to): {len(allowed)}")
    if "--verbose" in argv:
        for finding in findings:
            print(f"  {finding}")
    for finding in new:
        print(f"NEW: {finding}: import at module top, or move the code to the layer it belongs to")
    for finding in gone:
        print(f"FIXED: {finding}: delete its line from {ALLOW_FILE.name}")
    return 1 if new or gone else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
