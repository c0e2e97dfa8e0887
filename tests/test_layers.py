"""The import graph runs one way: entry points → web/api → services → search/permissions →
models → leaves. A module may import from its own layer or a lower one, never from above."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "kenme"

# Highest layer first; the first prefix that matches a module decides its layer.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    (
        "entry points",
        (
            "kenme",
            "kenme.cli",
            "kenme.demo",
            "kenme.demo_extra",
            "kenme.api.cli",
            "kenme.search.cli",
            "kenme.gunicorn_logging",
        ),
    ),
    ("web/api", ("kenme.web", "kenme.api")),
    ("services", ("kenme.services",)),
    ("search/permissions", ("kenme.search", "kenme.permissions")),
    ("models", ("kenme.models",)),
    (
        "leaves",
        (
            "kenme.errors",
            "kenme.dutch",
            "kenme.mentions",
            "kenme.privacy",
            "kenme.rendering",
            "kenme.config",
            "kenme.extensions",
            "kenme.pagination",
            "kenme.statement_rows",
        ),
    ),
]
EXACT = {
    "kenme",
    "kenme.cli",
    "kenme.demo",
    "kenme.demo_extra",
    "kenme.api.cli",
    "kenme.search.cli",
    "kenme.gunicorn_logging",
}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def is_module(name: str) -> bool:
    base = ROOT.parent.joinpath(*name.split("."))
    return base.with_suffix(".py").exists() or (base / "__init__.py").exists()


def find_layer(name: str) -> int | None:
    """Return the layer's rank (0 for the entry points, higher further down), or None."""
    for rank, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if prefix in EXACT and name == prefix:
                return rank
            if prefix not in EXACT and (name == prefix or name.startswith(prefix + ".")):
                return rank
    return None


def layer_of(name: str) -> int:
    rank = find_layer(name)
    if rank is None:
        raise AssertionError(f"{name} belongs to no layer; add it to LAYERS in {__file__}")
    return rank


def imports_of(path: Path) -> set[str]:
    """Return the kenme modules a file imports, at module level or inside functions."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("kenme"))
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if not node.module.startswith("kenme"):
                continue
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                found.add(sub if is_module(sub) else node.module)
    return found


def import_edges() -> list[tuple[str, str]]:
    return sorted(
        (module_name(path), target)
        for path in ROOT.rglob("*.py")
        for target in imports_of(path)
        if target != module_name(path)
    )


def test_every_module_has_a_layer():
    modules = sorted(module_name(path) for path in ROOT.rglob("*.py"))
    assert len(modules) > 50, "the walk over kenme/ found too few modules"
    assert [name for name in modules if find_layer(name) is None] == []


def test_no_import_runs_up_a_layer():
    upward = [
        f"{source} ({LAYERS[layer_of(source)][0]}) imports {target} ({LAYERS[layer_of(target)][0]})"
        for source, target in import_edges()
        if layer_of(target) < layer_of(source)
    ]
    assert upward == []


@pytest.mark.parametrize(
    ("source", "target"),
    [("kenme.permissions", "kenme.services.accounts"), ("kenme.models.posts", "kenme.search")],
)
def test_the_check_sees_an_upward_import(source, target):
    assert layer_of(target) < layer_of(source)


def test_the_check_sees_a_module_outside_every_layer():
    assert find_layer("kenme.somewhere_new") is None
    assert find_layer("kenme.services.threads") is not None


MAX_MODULE_LINES = 400  # STYLE.md: past ~400 lines, look for the seam


def test_no_module_in_kenme_is_over_400_lines():
    sizes = {module_name(path): len(path.read_text().splitlines()) for path in ROOT.rglob("*.py")}
    assert max(sizes.values()) > 100, "the walk over kenme/ read too little"
    assert {name: n for name, n in sizes.items() if n > MAX_MODULE_LINES} == {}
