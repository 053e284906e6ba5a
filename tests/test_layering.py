"""The package's layering, read from the source: no import cycles, the core never imports the CLI.

Every import counts, at the top of a module or inside a function, because a cycle through a
function-level import is still a cycle: it only fails later, and on another path. Only imports
under `if TYPE_CHECKING:` are exempt, since they never run.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "ngocoord"
MAX_LINES = 600
# Alembic's migration scripts are a history and are never split.
LONG_ALLOWED = ("store/migrations/versions/",)


def module_name(path: Path, src: Path = SRC) -> str:
    parts = list(path.relative_to(src).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules(src: Path = SRC, package: str = "ngocoord") -> dict[str, Path]:
    return {module_name(p, src): p for p in sorted((src / package).rglob("*.py"))}


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _runtime_imports(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    """Every import statement that can run: anywhere in the module but an `if TYPE_CHECKING:`."""
    found: list[ast.Import | ast.ImportFrom] = []

    def walk(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for statement in node.orelse:
                walk(statement)
            return
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append(node)
        for child in ast.iter_child_nodes(node):
            walk(child)

    walk(tree)
    return found


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The package's modules that `name` imports when it runs.

    `from a.b import c` imports a.b.c when that is a module, else a.b; importing a.b.c also runs
    the packages a and a.b, so they count too.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets: set[str] = set()
    for node in _runtime_imports(tree):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
            continue
        if node.level:
            base_parts = package.split(".")
            base_parts = base_parts[: len(base_parts) - node.level + 1]
            base = ".".join([*base_parts, node.module] if node.module else base_parts)
        else:
            base = node.module or ""
        for alias in node.names:
            sub = f"{base}.{alias.name}"
            targets.add(sub if sub in known else base)
    found: set[str] = set()
    for target in targets:
        parts = target.split(".")
        for i in range(1, len(parts) + 1):
            candidate = ".".join(parts[:i])
            if candidate in known and candidate != name:
                found.add(candidate)
    return found


def import_graph(src: Path = SRC, package: str = "ngocoord") -> dict[str, set[str]]:
    found = modules(src, package)
    known = set(found)
    return {name: imports_of(name, path, known) for name, path in found.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    result: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                result.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(result)


def _is_core(name: str) -> bool:
    return not (name == "ngocoord.__main__" or name.startswith("ngocoord.cli"))


def test_no_import_cycles() -> None:
    found = cycles(import_graph())
    assert not found, "import cycles among modules:\n" + "\n".join(" <-> ".join(c) for c in found)


def test_core_never_imports_the_cli() -> None:
    graph = import_graph()
    bad = sorted(
        f"{name} imports {target}"
        for name, targets in graph.items()
        if _is_core(name)
        for target in targets
        if target == "ngocoord.cli" or target.startswith("ngocoord.cli.")
    )
    assert not bad, "\n".join(bad)


# The layers, as docs/ARCHITECTURE.md draws them: each part may import the parts it names here
# (and itself), nothing else. Foundation modules need no register; the store only them.
FOUNDATION = {
    f"ngocoord.{name}"
    for name in (
        "errors",
        "bangla",
        "periods",
        "places",
        "names",
        "resources",
        "emails",
        "files",
        "masking",
        "meaning",
        "vocabulary",
        "bijoy",
        "bulk",
        "textfiles",
        "phonetic",
    )
}
MAY_IMPORT = {
    "foundation": {"foundation"},
    "store": {"foundation"},
    "register": {"foundation", "store"},
    "documents": {"foundation", "store"},
    "intake": {"foundation", "store", "register", "documents"},
    "compliance": {"foundation", "store", "register", "documents"},
    "meetings": {"foundation", "store", "register", "documents", "intake", "compliance"},
}
# What composes the capabilities (demo, the NGO profile page) may use any of them but the CLI.
COMPOSERS = {"ngocoord.demo", "ngocoord.ngo_profile"}


def _layer_of(name: str) -> str:
    if name == "ngocoord" or name in FOUNDATION:
        return "foundation"
    if name in COMPOSERS:
        return "composer"
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else "foundation"


def test_each_part_imports_only_the_parts_below_it() -> None:
    graph = import_graph()
    assert set(graph) >= FOUNDATION | COMPOSERS, "a module was renamed: update the layers"
    parts = {_layer_of(name) for name in graph} - {"cli", "__main__", "composer"}
    assert parts <= set(MAY_IMPORT), f"a new part needs its place in MAY_IMPORT: {parts}"
    bad = sorted(
        f"{name} ({_layer_of(name)}) imports {target} ({_layer_of(target)})"
        for name, targets in graph.items()
        if _layer_of(name) in MAY_IMPORT
        for target in targets
        if _layer_of(target) not in MAY_IMPORT[_layer_of(name)] | {_layer_of(name)}
    )
    assert not bad, "\n".join(bad)


def _architecture_rows() -> dict[str, list[str]]:
    """docs/ARCHITECTURE.md's table of parts: each part's first cell, with what it owns."""
    text = (SRC.parent / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    rows: dict[str, list[str]] = {}
    for line in text.splitlines():
        cells = line.split("|")
        if line.startswith("| ") and len(cells) > 3 and cells[1].strip() != "part":
            rows.setdefault(cells[1].strip(), []).append(cells[2])
    return rows


def test_the_architecture_names_each_part_once_and_each_core_module_in_it() -> None:
    """A merge that keeps two versions of a part's row leaves the document untrue in one of
    them; a module added without its line leaves it silent."""
    rows = _architecture_rows()
    assert [part for part, owns in rows.items() if len(owns) > 1] == []
    for package in MAY_IMPORT.keys() - {"foundation"}:
        (owns,) = [owns[0] for part, owns in rows.items() if part.startswith(f"`{package}/`")]
        unnamed = sorted(
            path.stem
            for path in (PACKAGE / package).glob("*.py")
            if path.stem != "__init__" and f"`{path.stem}`" not in owns
        )
        assert unnamed == [], f"{package}/ modules docs/ARCHITECTURE.md does not name: {unnamed}"
    named = " ".join(part for part in rows if part.startswith(("foundation", "`demo")))
    top = {f"`{module.split('.')[1]}.py`" for module in FOUNDATION | COMPOSERS}
    assert sorted(m for m in top if m not in named) == []


def test_no_module_is_over_600_lines() -> None:
    long = sorted(
        f"{rel}: {lines} lines"
        for path in PACKAGE.rglob("*.py")
        if not (rel := path.relative_to(PACKAGE).as_posix()).startswith(LONG_ALLOWED)
        and (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    )
    assert not long, f"split these modules (over {MAX_LINES} lines):\n" + "\n".join(long)


# The checker itself, on a small package written to tmp_path: it finds what it should.


def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = tmp_path / "pkg" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for folder in [tmp_path / "pkg", *(p for p in (tmp_path / "pkg").rglob("*") if p.is_dir())]:
        (folder / "__init__.py").touch()
    return tmp_path


@pytest.mark.parametrize(
    "b_imports_a",
    [
        "from pkg import a\n",
        "import pkg.a\n",
        "from pkg.a import thing\n",
        "from . import a\n",
        "def late():\n    from pkg import a\n",
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    pass\nelse:\n    import pkg.a\n",
    ],
)
def test_a_cycle_is_found_however_it_is_written(tmp_path: Path, b_imports_a: str) -> None:
    src = _package(tmp_path, {"a.py": "from pkg.b import thing\n", "b.py": b_imports_a})
    assert cycles(import_graph(src, "pkg")) == [["pkg.a", "pkg.b"]]


def test_a_type_checking_import_is_no_cycle(tmp_path: Path) -> None:
    b = "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg.a import thing\n"
    src = _package(tmp_path, {"a.py": "from pkg import b\n", "b.py": b})
    assert cycles(import_graph(src, "pkg")) == []


def test_a_cycle_through_a_subpackage_is_found(tmp_path: Path) -> None:
    src = _package(
        tmp_path,
        {
            "store/offices.py": "from pkg.store import settings\n",
            "store/settings.py": "def f():\n    from pkg.register import returns\n",
            "register/returns.py": "from ..store.offices import home\n",
        },
    )
    assert cycles(import_graph(src, "pkg")) == [
        ["pkg.register.returns", "pkg.store.offices", "pkg.store.settings"]
    ]
