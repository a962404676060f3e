"""The documentation site: it builds with ``mkdocs build --strict``, the API reference documents
every public name, and the specification page states every contract of the catalogue.

The site is built once per test session into a scratch folder (about 20 s: the
specification and the worked examples of "Check your backend" are generated at
build time by ``docs/_hooks/generated_content.py``).
"""

from __future__ import annotations

import ast
import html
import importlib
import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from bufferspec.conformance import Contract, Level, catalogue

ROOT = Path(__file__).resolve().parent.parent
API_MODULES = ("bufferspec", "bufferspec.protocols", "bufferspec.cpu", "bufferspec.conformance", "bufferspec.zarr",
               pytest.param("bufferspec.dask", marks=pytest.mark.skipif(
                   importlib.util.find_spec("distributed") is None,
                   reason="the dask extra is not installed: pip install 'bufferspec[dask]'")))
_DOCS_PACKAGES = ("mkdocs", "material", "mkdocstrings", "mkdocstrings_handlers.python")
_missing = [name for name in _DOCS_PACKAGES if importlib.util.find_spec(name.split(".")[0]) is None]
needs_mkdocs = pytest.mark.skipif(
    bool(_missing), reason=f"the docs extra is not installed (missing {', '.join(_missing)}): pip install '.[docs]'"
)
_ID_ATTRIBUTE = re.compile(r'\bid="([^"]+)"')


def _load_hook(name: str = "generated_content") -> ModuleType:
    path = ROOT / "docs" / "_hooks" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"bufferspec_docs_{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site, built with ``--strict`` (any warning fails the build)."""
    if _missing:
        pytest.skip(f"the docs extra is not installed (missing {', '.join(_missing)})")
    out = tmp_path_factory.mktemp("site")
    completed = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    if completed.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{completed.stdout}\n{completed.stderr}", pytrace=False)
    return out


def _text(html_file: Path) -> str:
    """The page's text: tags removed, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", html_file.read_text(encoding="utf-8")))


def _ids(html_file: Path) -> set[str]:
    return set(_ID_ATTRIBUTE.findall(html_file.read_text(encoding="utf-8")))


# -- the build -------------------------------------------------------------------------------


@needs_mkdocs
def test_site_builds_strictly_with_every_page(site: Path) -> None:
    for page in ("index", "getting-started", "specification", "reference-implementation",
                 "check-your-backend", "zarr", "performance", "changelog", "api"):
        path = site / ("index.html" if page == "index" else f"{page}/index.html")
        assert path.is_file(), f"{page} was not built"
    assert not (site / "_hooks").exists(), "the hook module must not be published"


@needs_mkdocs
@pytest.mark.parametrize("module_name", API_MODULES)
def test_api_reference_documents_every_public_name(site: Path, module_name: str) -> None:
    module = importlib.import_module(module_name)
    documented: set[str] = set()
    for page in (site / "api").rglob("*.html"):
        documented |= _ids(page)
    assert module_name in documented, f"{module_name} has no entry in the API reference"
    missing = sorted(name for name in module.__all__ if f"{module_name}.{name}" not in documented)
    assert not missing, f"public names of {module_name} missing from the API reference: {missing}"


@needs_mkdocs
def test_the_gpu_api_page_documents_every_public_name(site: Path) -> None:
    """``bufferspec.gpu`` cannot be imported without a CUDA device: its ``__all__`` is read from the source."""
    tree = ast.parse((ROOT / "src" / "bufferspec" / "gpu.py").read_text(encoding="utf-8"))
    names = next(ast.literal_eval(node.value) for node in tree.body
                 if isinstance(node, ast.Assign) and ast.unparse(node.targets[0]) == "__all__")
    documented = _ids(site / "api" / "gpu" / "index.html")
    assert "bufferspec.gpu" in documented
    missing = sorted(name for name in names if f"bufferspec.gpu.{name}" not in documented)
    assert not missing, f"public names of bufferspec.gpu missing from the API reference: {missing}"


@needs_mkdocs
def test_specification_states_every_contract(site: Path) -> None:
    ids = _ids(site / "specification" / "index.html")
    missing = [c.id for c in catalogue() if c.id not in ids]
    assert not missing, f"contracts missing from the specification page: {missing}"
    text = _text(site / "specification" / "index.html")
    for item in catalogue():
        assert f"{item.id} · {item.level.value}" in text
        assert item.text in text, f"the text of {item.id} is not on the page as written"


@needs_mkdocs
def test_specification_links_every_member_to_its_api_entry(site: Path) -> None:
    html = (site / "specification" / "index.html").read_text(encoding="utf-8")
    anchors = set(re.findall(r'href="\.\./api/protocols/#([^"]+)"', html))
    anchors |= set(re.findall(r'href="\.\./api/cpu/#([^"]+)"', html))
    hook = _load_hook()
    expected = {hook.member_anchor(c.member) for c in catalogue()}
    assert expected <= anchors
    documented = _ids(site / "api" / "protocols" / "index.html") | _ids(site / "api" / "cpu" / "index.html")
    assert anchors <= documented, f"links to API entries that do not exist: {sorted(anchors - documented)}"


@needs_mkdocs
def test_check_your_backend_shows_real_kit_output(site: Path) -> None:
    text = _text(site / "check-your-backend" / "index.html")
    assert "$ bufferspec check tinybuffer:TinyBuffer --select 'buffer.eq.*'" in text
    assert "returned False, expected NotImplemented" in text
    assert "counterexample: data=" in text  # from the broken backend's slice contract
    assert "[MUST FAIL]" in text and "does not conform to bufferspec" in text  # sections and verdict
    for checker in ("mypy", "pyright", "pyrefly"):  # the --static example: a row per checker and assertion
        assert f"static.{checker}.buffer.instance" in text


# -- the hook, without a build ---------------------------------------------------------------


def _contract(id: str, member: str, text: str) -> Contract:
    return Contract(id=id, member=member, level=Level.SHOULD, text=text,
                    needs=frozenset({"buffer", "host_memory"}), check=lambda ctx: None)


def test_specification_escapes_markdown_and_html_in_contract_text() -> None:
    hook = _load_hook()
    rendered = hook.render_specification([
        _contract("buffer.to_bytes.example", "Buffer.to_bytes", "a|b <tag> *not emphasis* x[0] `tick`"),
    ])
    assert "a\\|b &lt;tag&gt; \\*not emphasis\\* x\\[0\\] \\`tick\\`" in rendered
    assert '<span id="buffer.to_bytes.example"></span>`buffer.to_bytes.example` · **SHOULD**' in rendered
    assert rendered.rstrip().endswith("*Needs* `host_memory`.")
    assert "[`Buffer.to_bytes`][bufferspec.protocols.Buffer.to_bytes]" in rendered


def test_specification_groups_by_member_in_protocol_order() -> None:
    hook = _load_hook()
    rendered = hook.render_specification(catalogue())
    headings = re.findall(r"^### `([^`]+)`$", rendered, re.MULTILINE)
    assert set(headings) == {c.member for c in catalogue()}
    buffer_members = [h for h in headings if h.startswith("Buffer.")]
    assert buffer_members.index("Buffer.as_array_like") < buffer_members.index("Buffer.combine")
    assert rendered.count('<span id="') == len(catalogue())


def test_member_anchor_rejects_members_outside_the_specification() -> None:
    hook = _load_hook()
    assert hook.member_anchor("Buffer.__buffer__") == "bufferspec.protocols.Buffer"  # a SHOULD of the class
    assert hook.member_anchor("as_numpy_array_wrapper") == "bufferspec.cpu.as_numpy_array_wrapper"
    with pytest.raises(ValueError, match="member: 'Widget.spin'"):
        hook.member_anchor("Widget.spin")
    with pytest.raises(ValueError, match="member"):
        hook.render_specification([_contract("buffer.x.y", "Widget.spin", "text")])


def test_cli_run_block_shows_the_command_and_its_exit_status() -> None:
    hook = _load_hook()
    block = hook.render_cli_run(["check", "--seed", "0", "--select", "buffer.len.*"], root=ROOT)
    assert block.startswith('<div class="kit-report" markdown>\n\n```console\n'
                            "$ bufferspec check --seed 0 --select 'buffer.len.*'\n")
    assert "buffer.len.nbytes" in block and block.endswith("$ echo $?\n0\n```\n\n</div>")
    rows = [line for line in block.splitlines() if "  MUST  " in line or "  SHOULD  " in line]
    assert rows and max(map(len, rows)) <= 78  # the table wraps at 78 columns
    with pytest.raises(ValueError, match="exit status 2"):
        hook.render_cli_run(["check", "no_such_module:thing"], root=ROOT)


# -- the griffe extension that renders Sphinx markup -------------------------------------------


@needs_mkdocs
def test_sphinx_roles_become_inline_code_and_pep_links() -> None:
    convert = _load_hook("sphinx_markup").markdown_from_sphinx
    assert convert(":class:`Buffer` and :meth:`~bufferspec.cpu.NDBuffer.as_scalar`") == "`Buffer` and `as_scalar`"
    assert convert(":func:`the wrapper <as_numpy_array_wrapper>`") == "`the wrapper`"
    assert convert(":pep:`688`") == "[PEP 688](https://peps.python.org/pep-0688/)"
    assert convert("``literal`` and :unknown:`x`") == "``literal`` and :unknown:`x`"


@needs_mkdocs
def test_sphinx_simple_table_becomes_a_list() -> None:
    convert = _load_hook("sphinx_markup").markdown_from_sphinx
    table = "Intro.\n\n=====  =========\n``A``  first row\n``B``  second row\n=====  =========\n\nAfter."
    assert convert(table) == "Intro.\n\n\n- ``A``: first row\n- ``B``: second row\n\n\nAfter."
    unclosed = "=====  =====\nnot a table"
    assert convert(unclosed) == unclosed


# -- what the docs say a user will see --------------------------------------------------------


def test_the_reference_summary_in_the_docs_is_what_this_python_prints() -> None:
    from bufferspec.conformance import run

    hook = _load_hook()
    report = run("bufferspec.cpu:buffer_prototype")
    live = (report.summary_line(), f"bufferspec.cpu:buffer_prototype: {report.verdict()}")
    assert live == hook.reference_summary(catalogue(), python311=sys.version_info < (3, 12))
    both = hook.render_reference_summary(catalogue())
    assert live[0] in both and live[1] in both


def test_every_contract_id_the_docs_name_exists() -> None:
    ids = {c.id for c in catalogue()}
    pattern = re.compile(r"`((?:buffer|ndbuffer|prototype|wrapper)\.[a-z0-9_]+\.[a-z0-9_.]+)`")
    pages = [*ROOT.glob("docs/*.md"), ROOT / "README.md", ROOT / "conformance" / "README.md"]
    named = {(page.name, match) for page in pages if page.name != "conformance-matrix.md"
             for match in pattern.findall(page.read_text(encoding="utf-8"))}
    unknown = sorted((page, name) for page, name in named if name.rstrip(".*") not in ids and "*" not in name)
    assert named and not unknown, unknown
