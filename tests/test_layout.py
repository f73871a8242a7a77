"""The package's layout holds what the README says: each part of site_builder imports only
the parts below it in this list, so that the imports run one way and never in a circle."""

from __future__ import annotations

import ast
from pathlib import Path

import site_builder

PACKAGE = Path(site_builder.__file__).parent

# Top to bottom, as in the README's table; parts on one line stand side by side and do not
# import one another.
LAYERS = [
    ["__main__"],
    ["cli"],
    ["serve", "commands", "importing"],
    ["build"],
    ["write"],
    ["render"],
    ["exports"],
    ["incremental"],
    ["content"],
    ["config"],
    ["model"],
    ["reading"],
    ["theme", "page", "problems", "__init__"],
]
RANK = {part: rank for rank, parts in enumerate(LAYERS) for part in parts}


def part_of(module: Path) -> str:
    relative = module.relative_to(PACKAGE)
    return relative.parts[0] if len(relative.parts) > 1 else relative.stem


def imported_parts(module: Path) -> set[str]:
    """The parts of site_builder that a module imports, wherever in the module."""
    parts = set()
    for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = node.module.split(".")
            if names[0] == "site_builder":
                if len(names) > 1:
                    parts.add(names[1])
                else:
                    parts.update(alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                names = alias.name.split(".")
                if names[0] == "site_builder" and len(names) > 1:
                    parts.add(names[1])
    return parts


def test_every_module_has_its_place_in_the_layers() -> None:
    modules = [path for path in PACKAGE.rglob("*.py") if "theme" not in path.parts[:-1]]
    assert {part_of(module) for module in modules} <= set(RANK)


def test_each_part_imports_only_the_parts_below_it() -> None:
    upward = []
    for module in sorted(PACKAGE.rglob("*.py")):
        part = part_of(module)
        for imported in imported_parts(module) - {part, "__version__"}:
            if RANK[imported] <= RANK[part]:
                upward.append(f"{module.relative_to(PACKAGE)} imports {imported}")
    assert upward == []
