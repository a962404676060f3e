"""MkDocs hook: pages whose content is generated from the code at build time, so it cannot drift.

Two markers are replaced in a page's Markdown before it is rendered:

``<!-- bufferspec:contracts -->``
    The specification: every contract of ``bufferspec.conformance.catalogue()``,
    grouped by the protocol member it is about, with its id, MUST/SHOULD level,
    the capabilities it needs and its normative text.  Each member heading
    links to that member's API documentation.

``<!-- bufferspec:count -->``
    The number of contracts in the catalogue.

``<!-- bufferspec:reference-summary -->``
    The last two lines ``bufferspec check`` prints for the reference (the
    summary and the verdict) on Python 3.12 and newer and on Python 3.11,
    where the contracts on PEP 688 ``__buffer__`` are SKIP.

``<!-- bufferspec:cli ARGS -->``
    The output of ``bufferspec ARGS``, run in a child process in
    ``docs/examples`` (the working directory of the worked examples) with that
    folder and the repository root importable, shown as a console session
    with its exit status.  Used for the worked examples of the conformance guide.
"""

from __future__ import annotations

import html
import os
import re
import shlex
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

    from bufferspec.conformance import Contract

__all__ = ["member_anchor", "on_page_markdown", "reference_summary", "render_cli_run", "render_reference_summary",
           "render_specification"]

CONTRACTS_MARKER = "<!-- bufferspec:contracts -->"
COUNT_MARKER = "<!-- bufferspec:count -->"
SUMMARY_MARKER = "<!-- bufferspec:reference-summary -->"
#: Contracts Python 3.11 cannot check (it ignores a Python-level ``__buffer__``).
PEP688_PREFIX = "buffer.pep688."
_CLI_MARKER = re.compile(r"<!--\s*bufferspec:cli\s+(?P<args>[^>]*?)\s*-->")

#: The sections of the specification, in reading order: (heading, member prefix, API object).
SECTIONS: tuple[tuple[str, str, str], ...] = (
    ("Buffer: constructors", "BufferClass", "bufferspec.protocols.BufferClass"),
    ("Buffer: instances", "Buffer", "bufferspec.protocols.Buffer"),
    ("NDBuffer: constructors", "NDBufferClass", "bufferspec.protocols.NDBufferClass"),
    ("NDBuffer: instances", "NDBuffer", "bufferspec.protocols.NDBuffer"),
    ("BufferPrototype", "BufferPrototype", "bufferspec.protocols.BufferPrototype"),
    ("as_numpy_array_wrapper", "as_numpy_array_wrapper", "bufferspec.cpu.as_numpy_array_wrapper"),
)

#: Capabilities every contract of a root id implies; listing them in the table adds nothing.
_IMPLIED = frozenset({"buffer", "nd_buffer"})
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_\[\]|{}#])")


def _escape(text: str) -> str:
    """*text* as literal Markdown (no emphasis, links, code or HTML)."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", html.escape(text, quote=False))


def member_anchor(member: str) -> str:
    """The identifier of the API docs entry a contract's ``member`` links to.

    ``"Buffer.combine"`` links to ``bufferspec.protocols.Buffer.combine``.  A
    member that the protocol class does not define itself (``Buffer.__buffer__``
    is a SHOULD stated in the class docstring) links to the class.

    Raises
    ------
    ValueError
        If *member* names no section of the specification.
    """
    import bufferspec.protocols

    head, _, attribute = member.partition(".")
    for _, prefix, api in SECTIONS:
        if head != prefix:
            continue
        if not attribute:
            return api
        owner = getattr(bufferspec.protocols, head)
        return f"{api}.{attribute}" if attribute in vars(owner) else api
    raise ValueError(f"member: {member!r} belongs to no section of the specification")


def _member_order(prefix: str, members: Sequence[str]) -> list[str]:
    """*members* in the order the protocol class defines them (the class itself first)."""
    import bufferspec.protocols

    owner = getattr(bufferspec.protocols, prefix, None)
    defined = list(vars(owner)) if isinstance(owner, type) else []

    def position(member: str) -> tuple[int, str]:
        attribute = member.partition(".")[2]
        if not attribute:
            return (-1, "")
        return (defined.index(attribute) if attribute in defined else len(defined), attribute)

    return sorted(members, key=position)


def render_specification(contracts: Sequence[Contract]) -> str:
    """The Markdown of the specification: one section per protocol, one definition list per member.

    Raises
    ------
    ValueError
        If a contract's member belongs to no section (the page would lose it).
    """
    by_member: dict[str, list[Contract]] = {}
    for item in contracts:
        member_anchor(item.member)  # rejects members outside every section
        by_member.setdefault(item.member, []).append(item)
    lines: list[str] = []
    for heading, prefix, _ in SECTIONS:
        members = [m for m in by_member if m.partition(".")[0] == prefix]
        if not members:
            continue
        count = sum(len(by_member[m]) for m in members)
        lines += [f"## {heading}", "", f"{count} contract{'' if count == 1 else 's'}.", ""]
        for member in _member_order(prefix, members):
            lines += [f"### `{member}`", "", f"API: [`{member}`][{member_anchor(member)}]", ""]
            for item in sorted(by_member[member], key=lambda c: c.id):
                needs = ", ".join(f"`{name}`" for name in sorted(item.needs - _IMPLIED))
                lines += [
                    f'<span id="{item.id}"></span>`{item.id}` · **{item.level.value}**',
                    f":   {_escape(item.text)}" + (f" *Needs* {needs}." if needs else ""),
                    "",
                ]
    return "\n".join(lines)


#: Seconds one documented command may take before the build fails (it must never hang the build).
CLI_TIMEOUT = 300


def render_cli_run(args: Sequence[str], *, root: Path) -> str:
    """A fenced console block in a ``kit-report`` div: ``$ bufferspec ARGS``, its standard output and its exit status.

    The command runs as ``python -m bufferspec ARGS`` in a child process, in
    ``root/docs/examples`` with that folder and ``root`` importable, so that a
    misbehaving backend cannot disturb the build.  Progress lines (standard
    error) are left out, and paths in tracebacks are shown relative to ``root``.

    Raises
    ------
    ValueError
        If the command is a usage error (exit status 2), exits with another
        unexpected status, or runs longer than :data:`CLI_TIMEOUT` seconds.
    """
    examples = root / "docs" / "examples"
    path = os.pathsep.join([str(examples), str(root), os.environ.get("PYTHONPATH", "")])
    command = shlex.join(args)
    with tempfile.TemporaryDirectory() as scratch:  # Hypothesis's files stay out of docs/
        # 78 columns: the report's table fits the page's code column (longer lines wrap there too)
        environment = {**os.environ, "PYTHONPATH": path, "HYPOTHESIS_STORAGE_DIRECTORY": scratch, "COLUMNS": "78"}
        try:
            completed = subprocess.run(
                [sys.executable, "-m", "bufferspec", *args], cwd=examples, env=environment,
                capture_output=True, text=True, timeout=CLI_TIMEOUT, check=False,
            )
        except subprocess.TimeoutExpired:
            raise ValueError(f"bufferspec {command}: still running after {CLI_TIMEOUT} s") from None
    if completed.returncode not in (0, 1):
        raise ValueError(f"bufferspec {command}: exit status {completed.returncode}: {completed.stderr.strip()}")
    body = completed.stdout.rstrip("\n").replace(f"{root}{os.sep}", "")  # paths relative to the repository
    block = f"```console\n$ bufferspec {command}\n{body}\n$ echo $?\n{completed.returncode}\n```"
    return f'<div class="kit-report" markdown>\n\n{block}\n\n</div>'  # styled to wrap (extra.css)


def reference_summary(contracts: Sequence[Contract], *, python311: bool) -> tuple[str, str]:
    """``(summary line, verdict line)`` of ``bufferspec check`` on the reference, on 3.11 or on 3.12+."""
    from bufferspec.conformance import Report, Result, Status

    target = "bufferspec.cpu:buffer_prototype"
    rows = tuple(
        Result(c.id, Status.SKIP if python311 and c.id.startswith(PEP688_PREFIX) else Status.PASS, "",
               level=c.level.value)
        for c in contracts
    )
    report = Report(target=target, results=rows)
    return report.summary_line(), f"{target}: {report.verdict()}"


def render_reference_summary(contracts: Sequence[Contract]) -> str:
    """The Markdown of :data:`SUMMARY_MARKER`: both Pythons' last two lines, as console blocks."""
    parts = []
    for label, python311 in (("Python 3.12 and newer", False), ("Python 3.11 (PEP 688 is SKIP)", True)):
        summary, verdict = reference_summary(contracts, python311=python311)
        parts.append(f"{label}:\n\n```console\n{summary}\n{verdict}\n```")
    return "\n\n".join(parts)


def on_page_markdown(markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Replace the generated-content markers of a page (an MkDocs event handler)."""
    if CONTRACTS_MARKER in markdown or COUNT_MARKER in markdown or SUMMARY_MARKER in markdown:
        from bufferspec.conformance import catalogue

        contracts = catalogue()
        markdown = markdown.replace(CONTRACTS_MARKER, render_specification(contracts))
        markdown = markdown.replace(COUNT_MARKER, str(len(contracts)))
        markdown = markdown.replace(SUMMARY_MARKER, render_reference_summary(contracts))
    if _CLI_MARKER.search(markdown):
        root = Path(config.config_file_path).resolve().parent
        markdown = _CLI_MARKER.sub(
            lambda match: render_cli_run(shlex.split(match["args"]), root=root), markdown
        )
    return markdown
