"""Restriction in one module: what the public outputs put in place of restricted text
(the house style's placeholder phrases, the terminal's "[restricted]") and the rule's
SQL are read or written in csp_tui/domain/restriction.py and nowhere else. Every
exporter, the app and the ``csp actions`` fast path call it. Read off the source, as
the architecture test reads it: a placeholder or an SQL predicate written again
anywhere else fails here, naming the line."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from csp_tui.domain import restriction

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "csp_tui"
HOME = "csp_tui/domain/restriction.py"

#: The house style's placeholder phrases, as ``style.<section>.<key>``: read only by the
#: functions of the restriction module that word them.
PHRASE_KEYS = {("restricted", "sentence"), ("restricted", "action"),
               ("restricted", "public_summary"), ("action_log", "restricted"),
               ("headings", "restricted")}
#: Text that is SQL (a query or a fragment of one)...
SQL = re.compile(r"(?i)\b(select|where|join|coalesce)\b|\b([a-z]|items|parent)\.restricted\b")
#: ...and reads the restricted column: the rule restated in SQL. The schema's column
#: definition (``restricted INTEGER``) states no rule and is not matched.
READS_RESTRICTED = re.compile(r"(?i)\brestricted\b(?!\s+integer)")


def docstrings(tree: ast.Module) -> set[int]:
    """ids of the docstring constants of ``tree`` (the words about the rule may
    quote it)."""
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef
                      | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                out.add(id(first.value))
    return out


def offences(path: Path, where: str) -> list[str]:
    """Where the module at ``path`` (named ``where``) reads a placeholder phrase key,
    writes the withheld text or states the rule in SQL."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = docstrings(tree)
    found = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Attribute)
                and (node.value.attr, node.attr) in PHRASE_KEYS):
            found.append(f"{where}:{node.lineno}: reads the phrase "
                         f"{node.value.attr}.{node.attr}")
        elif (isinstance(node, ast.Constant) and isinstance(node.value, str)
              and id(node) not in skip):
            if restriction.RESTRICTED_TEXT in node.value:
                found.append(f"{where}:{node.lineno}: writes {restriction.RESTRICTED_TEXT!r}")
            if SQL.search(node.value) and READS_RESTRICTED.search(node.value):
                found.append(f"{where}:{node.lineno}: restriction in SQL: {node.value!r}")
    return found


def test_placeholders_and_the_sql_predicate_live_only_in_the_restriction_module():
    modules = {path.relative_to(ROOT).as_posix(): path for path in PACKAGE.rglob("*.py")}
    assert HOME in modules
    problems = [o for where, path in sorted(modules.items()) if where != HOME
                for o in offences(path, where)]
    assert not problems, ("use csp_tui.domain.restriction (its placeholder functions, "
                          "RESTRICTED_TEXT, ACTION_RESTRICTED_SQL):\n" + "\n".join(problems))


def test_the_check_sees_each_kind_of_offence(tmp_path):
    """The check itself: a phrase key read, the withheld text and the rule in SQL are
    each caught; the words in a docstring are not."""
    bad = tmp_path / "probe.py"
    source = ('"""Says [restricted] and i.restricted in its docstring."""\n'
              "row = style.action_log.restricted\n"
              'shown = "[restricted]"\n'
              'sql = "WHERE NOT coalesce(p.restricted, 0)"\n')
    bad.write_text(source, encoding="utf-8")
    found = offences(bad, "probe.py")
    assert [f.split(": ", 1)[1].split(":")[0] for f in found] == [
        "reads the phrase action_log.restricted", "writes '[restricted]'",
        "restriction in SQL"], found


def test_the_restriction_module_has_them_all():
    """The other half: the module holds what the others use (so the check above is not
    passing because the things moved nowhere)."""
    assert offences(ROOT / HOME, HOME), "the restriction module should word its placeholders"
    assert "coalesce(p.restricted, 0)" in restriction.ACTION_RESTRICTED_SQL
    assert "LEFT JOIN items p ON p.id = i.parent_id" in restriction.ACTION_ITEMS_SQL
