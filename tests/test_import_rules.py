"""Dependencies point one way: every module imports only what its package's `docs.md` says
the package may import (its "May import:" paragraph), read from the source with `ast`.

What counts as an import: module-level imports, imports inside functions, imports under
`if TYPE_CHECKING:` (a type-only import still ties a package to another's shapes, and makes a
cycle as real as a runtime one: `api` ↔ `export.review` was such a pair), and a module named
by a string passed to `importlib.import_module` (the writers' registry imports on first use;
`api`'s lazy names are imported under `TYPE_CHECKING` too). Reading a package's data files
(`importlib.resources.files("jixiao.frameworks")`) is not an import.
A package may always import itself. An entry names a package (`jixiao.scoring`: all of it) or
a module (`jixiao.ingest.formats`: that module only). The top-level modules (`api.py`,
`batch.py`, `demo.py`) state their rule the same way in their docstring.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
ENTRY = re.compile(r"`(jixiao(?:\.\w+)*)`")
IN_FLIGHT: set[tuple[str, str]] = set()  # imports allowed while a move is under way: none


@dataclass(frozen=True)
class Violation:
    module: str
    line: int
    imported: str
    rule: tuple[str, ...]  # what the module's package may import

    def __str__(self) -> str:
        allowed = "、".join(self.rule) or "nothing from jixiao"
        return f"{self.module}:{self.line} imports {self.imported}; may import: {allowed}"


def module_name(path: Path, src: Path) -> str:
    parts = path.relative_to(src).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def unit_of(module: str) -> str:
    """The package a module belongs to (`jixiao.ingest.selfeval.header` → `jixiao.ingest`),
    or the top-level module itself (`jixiao.api`)."""
    return ".".join(module.split(".")[:2])


def may_import(text: str) -> tuple[str, ...] | None:
    """The jixiao entries of the "May import:" paragraph (up to a blank line); None without one."""
    at = text.find("May import:")
    if at < 0:
        return None
    paragraph = re.split(r"\n\s*\n", text[at:], maxsplit=1)[0]
    return tuple(ENTRY.findall(paragraph))


def rules(src: Path) -> dict[str, tuple[str, ...] | None]:
    """Each package's rule from its docs.md, each top-level module's from its docstring."""
    root = src / "jixiao"
    found: dict[str, tuple[str, ...] | None] = {"jixiao": ()}  # the root package: nothing
    for child in sorted(root.iterdir()):
        if child.is_dir() and any(child.rglob("*.py")):
            docs = child / "docs.md"
            text = docs.read_text(encoding="utf-8") if docs.is_file() else ""
            found[f"jixiao.{child.name}"] = may_import(text)
        elif child.suffix == ".py" and child.name != "__init__.py":
            docstring = ast.get_docstring(ast.parse(child.read_text(encoding="utf-8"))) or ""
            found[f"jixiao.{child.stem}"] = may_import(docstring)
    return found


def imports(path: Path, module: str, modules: set[str]) -> list[tuple[int, str]]:
    """Every jixiao module `path` imports, with its line: `from a import b` is `a.b` when that
    is a module, else `a`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                name = f"{base}.{alias.name}"
                found.append((node.lineno, name if name in modules else base))
        elif (
            isinstance(node, ast.Call)
            and _called(node.func) in ("import_module", "__import__")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.append((node.lineno, node.args[0].value))
    jixiao = {
        (line, name) for line, name in found if name == "jixiao" or name.startswith("jixiao.")
    }
    return sorted(jixiao)


def _called(func: ast.expr) -> str:
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def allowed(imported: str, rule: tuple[str, ...]) -> bool:
    return any(imported == entry or imported.startswith(f"{entry}.") for entry in rule)


def violations(src: Path, in_flight: Collection[tuple[str, str]] = ()) -> list[Violation]:
    paths = sorted((src / "jixiao").rglob("*.py"))
    modules = {module_name(p, src) for p in paths}
    modules |= {
        module_name(p / "__init__.py", src) for p in (src / "jixiao").rglob("*") if p.is_dir()
    }
    declared = rules(src)
    found: list[Violation] = []
    for path in paths:
        module = module_name(path, src)
        unit = unit_of(module)
        rule = declared.get(unit)
        for line, imported in imports(path, module, modules):
            if unit_of(imported) == unit or (module, imported) in in_flight:
                continue
            if rule is None or not allowed(imported, rule):
                found.append(Violation(module, line, imported, rule or ()))
    return found


def test_every_package_says_what_it_may_import() -> None:
    missing = [unit for unit, rule in rules(SRC).items() if rule is None]
    assert missing == [], f"no “May import:” line (docs.md, or the module's docstring): {missing}"


def test_every_import_is_one_its_package_may_make() -> None:
    found = violations(SRC, IN_FLIGHT)
    assert found == [], "imports against the package rules:\n" + "\n".join(map(str, found))


def test_the_rules_point_one_way() -> None:
    """No two packages may import each other, however indirectly: the rules form no cycle."""
    declared = {unit: rule or () for unit, rule in rules(SRC).items()}
    graph = {unit: {unit_of(entry) for entry in rule} - {unit} for unit, rule in declared.items()}

    def cycle_from(unit: str, path: tuple[str, ...]) -> tuple[str, ...] | None:
        if unit in path:
            return (*path[path.index(unit) :], unit)
        for target in sorted(graph.get(unit, ())):
            found = cycle_from(target, (*path, unit))
            if found:
                return found
        return None

    cycles = [c for unit in sorted(graph) if (c := cycle_from(unit, ())) is not None]
    assert cycles == [], f"rules that import each other: {' → '.join(cycles[0])}"


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_the_checker_finds_what_a_rule_forbids(tmp_path: Path) -> None:
    """A synthetic tree: every kind of import a module can make, against a narrow rule."""
    src = tmp_path / "src"
    write(src / "jixiao" / "__init__.py", "")
    write(src / "jixiao" / "low" / "__init__.py", "")
    write(src / "jixiao" / "low" / "docs.md", "# low\n\nMay import: nothing.\n")
    write(src / "jixiao" / "low" / "values.py", "X = 1\n")
    write(src / "jixiao" / "other" / "__init__.py", "")
    write(src / "jixiao" / "other" / "docs.md", "May import: `jixiao.low`\n")
    write(src / "jixiao" / "other" / "a.py", "")
    write(src / "jixiao" / "other" / "b.py", "")
    write(
        src / "jixiao" / "high" / "docs.md",
        "# high\n\nMay import: `jixiao.low`, and\n`jixiao.other.a` only.\n\nNot `jixiao.other`.\n",
    )
    write(
        src / "jixiao" / "high" / "__init__.py",
        "from __future__ import annotations\n"
        "import importlib\n"
        "from typing import TYPE_CHECKING\n"
        "from jixiao.low import values\n"  # allowed: the package
        "from jixiao.other import a\n"  # allowed: the module
        "from . import inner\n"  # its own package
        "if TYPE_CHECKING:\n"
        "    from jixiao.other.b import Thing\n"  # type-only: counts
        "def late():\n"
        "    from jixiao import other\n"  # inside a function: counts (the package)
        "    return importlib.import_module('jixiao.other.b')\n",  # by name: counts
    )
    write(src / "jixiao" / "high" / "inner.py", "")
    write(src / "jixiao" / "nameless.py", '"""No rule."""\n')
    write(src / "jixiao" / "low" / "up.py", "import jixiao.high\n")  # upward: forbidden

    found = {(v.module, v.line, v.imported) for v in violations(src)}
    assert found == {
        ("jixiao.high", 8, "jixiao.other.b"),
        ("jixiao.high", 10, "jixiao.other"),
        ("jixiao.high", 11, "jixiao.other.b"),
        ("jixiao.low.up", 1, "jixiao.high"),
    }
    assert rules(src)["jixiao.nameless"] is None  # a module without a rule is reported
    assert rules(src)["jixiao.high"] == ("jixiao.low", "jixiao.other.a")
    allowance = {("jixiao.low.up", "jixiao.high")}  # exactly one module's one import
    assert {(v.module, v.imported) for v in violations(src, allowance)} == {
        ("jixiao.high", "jixiao.other.b"),
        ("jixiao.high", "jixiao.other"),
    }


@pytest.mark.parametrize(
    ("imported", "rule", "ok"),
    [
        ("jixiao.ingest.formats", ("jixiao.ingest.formats",), True),
        ("jixiao.ingest.formats_old", ("jixiao.ingest.formats",), False),
        ("jixiao.ingest", ("jixiao.ingest.formats",), False),
        ("jixiao.scoring.rules.base", ("jixiao.scoring",), True),
    ],
)
def test_an_entry_allows_its_module_and_below(
    imported: str, rule: tuple[str, ...], ok: bool
) -> None:
    assert allowed(imported, rule) is ok
