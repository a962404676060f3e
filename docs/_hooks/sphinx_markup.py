"""Griffe extension: render the Sphinx markup of bufferspec's docstrings as Markdown.

The docstrings follow the NumPy style, which comes from Sphinx: they name
objects with roles such as ``:class:`Buffer``` and ``:meth:`~NDBuffer.as_scalar```
and may hold a reStructuredText "simple table".  mkdocstrings renders
docstrings as Markdown, where both would show up as raw text.  Before
rendering, this extension turns

* a role into inline code (``:meth:`~a.B.c``` becomes ```c```, ``:class:`B``` becomes
  ```B```), and ``:pep:`688``` into a link to PEP 688;
* a two-column simple table (rows between ``====  ====`` rules) into a list
  of ``- first: second`` items.

Loaded by mkdocstrings (``extensions:`` in ``mkdocs.yml``); nothing in the
source is changed.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

__all__ = ["SphinxMarkup", "markdown_from_sphinx"]

_ROLE = re.compile(
    r":(?:py:)?(?P<role>class|meth|func|attr|data|mod|obj|exc|const|pep|rfc):`(?P<target>[^`]+)`"
)
_TABLE_RULE = re.compile(r"^(?P<indent>[ \t]*)=+(?:[ \t]+=+)+[ \t]*$")


def _role(match: re.Match[str]) -> str:
    role, target = match["role"], match["target"].strip()
    if role == "pep":
        return f"[PEP {target}](https://peps.python.org/pep-{int(target):04d}/)"
    if role == "rfc":
        return f"[RFC {target}](https://www.rfc-editor.org/rfc/rfc{int(target)})"
    title, bracket, _ = target.partition("<")
    if bracket:  # :class:`title <target>`
        return f"`{title.strip()}`"
    if target.startswith("~"):  # :meth:`~a.B.c` shows only the last part
        target = target[1:].rsplit(".", 1)[-1]
    return f"`{target}`"


def _tables(text: str) -> str:
    """Rewrite every two-column reStructuredText simple table as a Markdown list."""
    lines = text.splitlines()
    out: list[str] = []
    index = 0
    while index < len(lines):
        rule = _TABLE_RULE.match(lines[index])
        if rule is None or len(lines[index].split()) != 2:
            out.append(lines[index])
            index += 1
            continue
        second_column = len(lines[index]) - len(lines[index].lstrip()) + len(lines[index].split()[0])
        second_column = lines[index].index("=", second_column)
        end = index + 1
        while end < len(lines) and not _TABLE_RULE.match(lines[end]):
            end += 1
        if end == len(lines):  # no closing rule: not a table
            out.append(lines[index])
            index += 1
            continue
        out.append("")
        for row in lines[index + 1 : end]:
            if row.strip():
                first, second = row[:second_column].strip(), row[second_column:].strip()
                out.append(f"{rule['indent']}- {first}: {second}" if first else f"{rule['indent']}  {second}")
        out.append("")
        index = end + 1
    return "\n".join(out)


def markdown_from_sphinx(text: str) -> str:
    """*text* with Sphinx roles and two-column simple tables rewritten as Markdown."""
    return _ROLE.sub(_role, _tables(text))


class SphinxMarkup(griffe.Extension):
    """Rewrite the Sphinx markup of every loaded docstring (see the module docstring)."""

    def on_instance(self, *, node: Any, obj: griffe.Object, agent: Any, **kwargs: Any) -> None:
        """Called by griffe for every object it loads."""
        if obj.docstring is not None:
            obj.docstring.value = markdown_from_sphinx(obj.docstring.value)
