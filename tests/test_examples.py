"""Every Python example of the README and the docs runs, and the worked conformance example holds.

The examples are the fenced ```` ```python ```` blocks of ``README.md`` and of
every page under ``docs/``.  The blocks of one page run in order in one
namespace, inside the test (so ``filterwarnings = error`` applies to them), with
the working directory set to a scratch folder and ``docs/examples`` importable.
A line ``--8<-- "path"`` inside a block is replaced by that file, as the
``pymdownx.snippets`` extension does when the site is built.

The worked example of "Check your backend" (``docs/examples/tinybuffer.py``)
is also checked against the kit here, exactly as that page runs it: the
command line with and without its expected-failures file, the pytest plugin,
and its ``BufferConformanceTests`` subclass, collected below as
``TestTinyBuffer``.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import os
import re
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest

from bufferspec.conformance import Status, run
from bufferspec.conformance._frontends.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "docs" / "examples"
_FENCE = re.compile(
    r"^(?P<indent>[ \t]*)```python[ \t]*\n(?P<body>.*?)^(?P=indent)```[ \t]*$",
    re.MULTILINE | re.DOTALL,
)
_SNIPPET = re.compile(r'^(?P<indent>[ \t]*)--8<--[ \t]+"(?P<path>[^"]+)"[ \t]*$', re.MULTILINE)


@dataclass(frozen=True)
class Example:
    """One fenced Python block: where it is and its code (snippets included, dedented)."""

    path: Path
    line: int
    code: str


def _include_snippets(code: str) -> str:
    def include(match: re.Match[str]) -> str:
        text = (ROOT / match["path"]).read_text(encoding="utf-8")
        return textwrap.indent(text, match["indent"])

    return _SNIPPET.sub(include, code)


def extract_examples(path: Path) -> list[Example]:
    """The ```` ```python ```` blocks of a Markdown file, in order."""
    text = path.read_text(encoding="utf-8")
    examples = []
    for match in _FENCE.finditer(text):
        line = text.count("\n", 0, match.start("body")) + 1
        code = textwrap.dedent(_include_snippets(match["body"]))
        examples.append(Example(path, line, code))
    return examples


def _markdown_pages() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]


def _pages_with_examples() -> list[Path]:
    return [page for page in _markdown_pages() if extract_examples(page)]


@contextlib.contextmanager
def _examples_importable() -> Iterator[None]:
    sys.path.insert(0, str(EXAMPLES))
    try:
        yield
    finally:
        sys.path.remove(str(EXAMPLES))


# -- the extraction itself ---------------------------------------------------------------


def test_extraction_finds_fenced_indented_and_snippet_blocks(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "text\n\n```python\nx = 1\n```\n\n```sh\nnot python\n```\n\n"
        '!!! note\n\n    ```python\n    y = x + 1\n    ```\n\n'
        '```python\n--8<-- "docs/examples/expected-failures.toml"\n```\n',
        encoding="utf-8",
    )
    examples = extract_examples(page)
    assert [e.code for e in examples[:2]] == ["x = 1\n", "y = x + 1\n"]
    assert [e.line for e in examples[:2]] == [4, 14]
    assert examples[2].code.startswith("# Contracts TinyBuffer breaks")
    assert len(examples) == 3


def test_readme_and_docs_have_examples() -> None:
    pages = {page.relative_to(ROOT).as_posix() for page in _pages_with_examples()}
    assert {"README.md", "docs/index.md", "docs/check-your-backend.md"} <= pages


# -- every example runs ---------------------------------------------------------------------

#: pages whose examples need an optional extra: (module, skip reason)
_PAGE_NEEDS = {"docs/dask.md": ("distributed", "the dask extra is not installed: pip install 'bufferspec[dask]'"),
               "docs/gpu.md": ("bufferspec.gpu", "needs CuPy and a CUDA device")}


@pytest.mark.parametrize(
    "page", _pages_with_examples(), ids=lambda page: page.relative_to(ROOT).as_posix()
)
def test_markdown_examples_run(page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    needs = _PAGE_NEEDS.get(page.relative_to(ROOT).as_posix())
    if needs is not None:
        pytest.importorskip(needs[0], reason=needs[1], exc_type=ImportError)
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": "markdown_example"}
    with _examples_importable():
        for example in extract_examples(page):
            where = f"{example.path.relative_to(ROOT)}:{example.line}"
            exec(compile(example.code, where, "exec"), namespace)


# -- the worked example of "Check your backend" ---------------------------------------------


def _load(name: str, path: Path) -> ModuleType:
    """Import a file of docs/examples under *name* (registered, so reproducers can import it)."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


_tinybuffer = _load("tinybuffer", EXAMPLES / "tinybuffer.py")
#: The page's BufferConformanceTests subclass, collected here: one item per contract.
TestTinyBuffer = _load("docs_examples_test_tinybuffer", EXAMPLES / "test_tinybuffer.py").TestTinyBuffer


def _cli(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    with _examples_importable(), contextlib.chdir(EXAMPLES):
        status = main(list(args), out=out, err=io.StringIO())
    return status, out.getvalue()


def test_tinybuffer_breaks_exactly_the_contract_it_documents() -> None:
    report = run(_tinybuffer.TinyBuffer, seed=0)
    failed = [r.id for r in report.results if r.status.is_failure]
    assert failed == ["buffer.eq.non_buffer"]
    applicable = [r for r in report.results if r.status is not Status.SKIP]
    assert {r.id.split(".")[0] for r in applicable} == {"buffer"}
    # TinyBuffer's module has no as_numpy_array_wrapper of its own: the wrapper rows skip.
    assert {r.reason for r in report.results if r.id.startswith("wrapper.")} == {"needs wrapper"}


def test_tinybuffer_command_line_fails_without_and_passes_with_its_xfail_file() -> None:
    status, output = _cli("check", "tinybuffer:TinyBuffer", "--seed", "0")
    assert status == 1
    assert "buffer.eq.non_buffer" in output and "FAIL" in output
    status, output = _cli("check", "tinybuffer:TinyBuffer", "--seed", "0", "--xfail", "expected-failures.toml")
    assert status == 0, output
    assert " 1 xfail" in output and " 0 fail" in output


def test_tinybuffer_xfail_file_and_test_class_agree() -> None:
    from bufferspec.conformance import load_expected_failures

    assert load_expected_failures(EXAMPLES / "expected-failures.toml") == TestTinyBuffer.expected_failures


def test_tinybuffer_through_the_pytest_plugin(tmp_path: Path) -> None:
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")  # not this repository's config
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(EXAMPLES), os.environ.get("PYTHONPATH", "")])}
    completed = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         "--bufferspec-target", "tinybuffer:TinyBuffer",
         "--bufferspec-xfail", str(EXAMPLES / "expected-failures.toml"), "--bufferspec-seed", "0"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600, check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "1 xfailed" in completed.stdout and "failed" not in completed.stdout.replace("xfailed", "")
