"""The kit's layout: imports run one way, one module per member, ids committed, kit code known by package."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
import sys
import textwrap
import traceback
from pathlib import Path

import pytest

import bufferspec
from bufferspec.conformance import Level, catalogue
from bufferspec.conformance._core.registry import CONTRACTS_PACKAGE, contract
from bufferspec.conformance._engine import outcome

SRC = Path(bufferspec.__file__).parent
CATALOGUE_IDS = Path(__file__).parent / "catalogue_ids.txt"


def _module_name(path: Path, root: Path = SRC.parent) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, modules: set[str], root: Path = SRC.parent) -> set[str]:
    """Every bufferspec module *path* imports: top level, inside functions and under TYPE_CHECKING alike."""
    name = _module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                found.add(submodule if submodule in modules else base)
    return {module for module in found if module in modules and module != name}


def _graph() -> dict[str, set[str]]:
    paths = sorted(SRC.rglob("*.py"))
    modules = {_module_name(path) for path in paths}
    return {_module_name(path): _imports(path, modules) for path in paths}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in graph[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1 or node in graph[node]:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycle_anywhere_in_the_package() -> None:
    graph = _graph()
    assert len(graph) > 80  # the whole package was read
    assert _cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == [["a", "b", "c"]]
    graph = _graph()
    graph["bufferspec.conformance._core.model"].add("bufferspec.conformance._engine.run")
    assert any("bufferspec.conformance._core.model" in cycle for cycle in _cycles(graph))


def test_function_level_and_type_checking_imports_count(tmp_path: Path) -> None:
    module = tmp_path / "bufferspec" / "m.py"
    module.parent.mkdir()
    module.write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from bufferspec import a\n"
                      "def f():\n    from bufferspec.b import c\n", encoding="utf-8")
    modules = {"bufferspec.a", "bufferspec.b", "bufferspec.m"}
    assert _imports(module, modules, root=tmp_path) == {"bufferspec.a", "bufferspec.b"}


def test_the_core_imports_nothing_but_the_core() -> None:
    core = "bufferspec.conformance._core"
    for name, imported in _graph().items():
        if name.startswith(core):
            kit = {m for m in imported if m.startswith("bufferspec.conformance")}
            assert all(m.startswith(core) for m in kit), (name, kit)


def test_each_members_contracts_live_in_the_module_named_after_it() -> None:
    members: dict[str, set[str]] = {}
    for item in catalogue():
        root, member = item.id.split(".")[:2]
        assert item.check.__module__ == f"{CONTRACTS_PACKAGE}.{root}.{member}", item.id
        members.setdefault(item.check.__module__, set()).add(item.member)
    package = importlib.import_module(CONTRACTS_PACKAGE)
    modules = {info.name for info in pkgutil.walk_packages(package.__path__, prefix=CONTRACTS_PACKAGE + ".")
               if not info.ispkg}
    assert modules == set(members)  # no module without contracts, none elsewhere
    assert len(modules) == 46


def test_check_functions_are_named_after_their_ids() -> None:
    for item in catalogue():
        if item.message_of is None:
            rule = item.id.split(".", 2)[2].replace(".", "_")
            assert item.check.__name__ == f"check_{rule}", item.id


def test_a_contract_outside_its_members_module_is_refused() -> None:
    def check_elsewhere(ctx: object) -> None:
        raise AssertionError("never registered")

    with pytest.raises(ValueError, match=r"must be defined in bufferspec\.conformance\._contracts\.buffer\.len"):
        contract("buffer.len.defined_elsewhere", member="Buffer.__len__", text="x")(check_elsewhere)
    assert "buffer.len.defined_elsewhere" not in {item.id for item in catalogue()}


def test_catalogue_ids_are_exactly_the_committed_list() -> None:
    """Adding or retiring a contract id is deliberate: update tests/catalogue_ids.txt and the changelog."""
    committed = [line.split() for line in CATALOGUE_IDS.read_text(encoding="utf-8").splitlines()
                 if line.strip() and not line.startswith("#")]
    current = [[item.id, item.level.value] for item in catalogue()]
    assert current == committed
    assert {level for _, level in committed} == {level.value for level in Level}


def _frame(filename: str) -> traceback.FrameSummary:
    return traceback.FrameSummary(filename, 1, "f")


def _file(module: str) -> str:
    path = sys.modules[module].__file__
    assert path is not None
    return path


def test_the_kit_knows_its_code_by_package_not_by_folder(tmp_path: Path) -> None:
    kit_modules = [module for name, module in sys.modules.items() if name.startswith("bufferspec.conformance.")
                   and getattr(module, "__file__", None)]
    assert len(kit_modules) > 60
    for module in kit_modules:
        assert outcome._is_kit(_frame(_file(module.__name__))), module.__name__
    # A backend file named like a kit module, even one in a folder called _engine, is not the kit.
    for name in ("run.py", "context.py", "outcome.py", "_runner.py"):
        fake = tmp_path / "_engine" / name
        fake.parent.mkdir(exist_ok=True)
        fake.write_text("", encoding="utf-8")
        assert not outcome._is_kit(_frame(str(fake)))
        assert not outcome.is_plumbing(str(fake))
    assert outcome.is_plumbing(_file("bufferspec.conformance._engine.execute"))
    assert outcome.is_plumbing(_file("bufferspec.conformance._core.context"))
    assert not outcome.is_plumbing(_file("bufferspec.conformance._contracts.buffer.len"))
    assert not outcome.is_plumbing(bufferspec.__file__)


CONTRIBUTING = Path(__file__).parents[1] / "docs" / "contributing.md"


def _fenced(language: str) -> list[str]:
    text = CONTRIBUTING.read_text(encoding="utf-8").split("### A worked example", 1)[1]
    return [textwrap.dedent(block) for block in re.findall(rf"^ *```{language}\n(.*?)^ *```$", text, re.M | re.S)]


def test_the_worked_example_is_the_committed_contract() -> None:
    from bufferspec.conformance._contracts.buffer import len as module

    source = Path(inspect.getfile(module)).read_text(encoding="utf-8")
    imports = [line for line in source.splitlines() if line.startswith("from bufferspec")]
    expected = "\n".join(imports) + "\n\n\n" + inspect.getsource(module.check_nbytes)
    assert _fenced("py") == [expected]


def test_the_worked_examples_reproducer_is_what_the_kit_prints() -> None:
    from bufferspec.conformance import Status, run

    result = run("conformance.backends.heldout_input_kinds:LenCountsItemsOfSource", select="buffer.len.nbytes",
                 seed=0).by_id("buffer.len.nbytes")
    assert result.status is Status.FAIL
    assert _fenced("text") == [result.reproducer + "\n"]
    assert result.reason in " ".join(CONTRIBUTING.read_text(encoding="utf-8").split())
