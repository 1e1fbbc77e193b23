"""The import contract of docs/architecture.md ("The map"), read from the code's own imports.

Every module of `awards` belongs to one layer; a module imports its own layer and the layers
below it, never one above. So the record never imports the public site, and neither imports
a capability (certificates, importing, corrections, evaluation, jury), which may import both.
No two modules import each other, directly or round a circle.
"""

import ast
from collections import defaultdict
from pathlib import Path

import pytest

AWARDS = Path(__file__).resolve().parent.parent / "awards"

# Top to bottom. A package listed here before it exists (evaluation, jury) has its place kept.
LAYERS = {
    "site": (
        "awards.urls",
        "awards.apps",
        "awards.admin",
        "awards.admin_site",
        "awards.forms",
        "awards.resources",
        "awards.management",
    ),
    "capabilities": (
        "awards.certificates",
        "awards.importing",
        "awards.corrections",
        "awards.evaluation",
        "awards.jury",
    ),
    "public": (
        "awards.views",
        # Rendered parts of public pages, kept per data state (awards.caching, datastate).
        "awards.fragments",
        "awards.api",
        "awards.feeds",
        "awards.sitemaps",
        "awards.opendata",
        "awards.search",
        "awards.browse",
        "awards.stats",
        "awards.sharing",
        "awards.templatetags",
    ),
    "record": (
        "awards.models",
        "awards.querysets",
        "awards.services",
        "awards.reasons",
        "awards.restore_conflicts",
        "awards.caching",
        "awards.datastate",
        "awards.translation",
        # The site's identity is read once per data state (awards.caching, awards.datastate).
        "awards.identity",
    ),
    "foundation": (
        "awards.bilingual",
        "awards.extensions",
        "awards.text",
        "awards.pinyin",
        "awards.slugs",
        "awards.completeness",
        "awards.sessions",
        "awards.uploads",
        "awards.ids",
        "awards.codes",
        "awards.triggers",
        "awards.totals_triggers",
        "awards.search_index",
        "awards.moved_tables",
        "awards.representations",
        "awards.collector",
    ),
}
RANK = {package: rank for rank, packages in enumerate(LAYERS.values()) for package in packages}


def _modules() -> dict[str, Path]:
    modules = {}
    for path in AWARDS.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        parts = path.relative_to(AWARDS.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        modules[name] = path
    return modules


def _imports(modules: dict[str, Path]) -> dict[str, set[str]]:
    """{module: the awards modules it imports}, at any depth of its code (lazy imports too).
    `from package import submodule` counts as importing the submodule."""
    found = defaultdict(set)
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                subs = [f"{node.module}.{a.name}" for a in node.names]
                targets = [s for s in subs if s in modules]
                if len(targets) < len(subs):
                    targets.append(node.module)
            else:
                continue
            found[name].update(t for t in targets if t in modules and t != name)
    return found


def _package(module: str) -> str | None:
    return next((p for p in RANK if module == p or module.startswith(f"{p}.")), None)


MODULES = _modules()
IMPORTS = _imports(MODULES)


def test_every_module_has_a_place_on_the_map():
    unplaced = sorted(m for m in MODULES if m != "awards" and _package(m) is None)

    assert "awards.models" in MODULES
    assert unplaced == [], "add each to a layer in tests/test_architecture.py and the docs"


def test_no_module_imports_a_layer_above_its_own():
    upward = sorted(
        f"{module} -> {target}"
        for module, targets in IMPORTS.items()
        for target in targets
        if _package(module) and _package(target) and RANK[_package(target)] < RANK[_package(module)]
    )

    assert sum(len(targets) for targets in IMPORTS.values()) > 100
    assert upward == []


@pytest.mark.parametrize("capability", LAYERS["capabilities"])
def test_the_record_and_the_public_site_never_import_a_capability(capability):
    below = LAYERS["public"] + LAYERS["record"] + LAYERS["foundation"]

    importers = sorted(
        module
        for module, targets in IMPORTS.items()
        if _package(module) in below and any(_package(t) == capability for t in targets)
    )

    assert importers == []


def test_no_import_circle():
    index, low, stack, on_stack, circles = {}, {}, [], set(), []

    def visit(module):  # Tarjan's strongly connected components
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target in IMPORTS[module]:
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            component = []
            while (top := stack.pop()) != module:
                on_stack.discard(top)
                component.append(top)
            on_stack.discard(module)
            if component:
                circles.append(sorted([module, *component]))

    for module in sorted(MODULES):
        if module not in index:
            visit(module)

    assert circles == []
