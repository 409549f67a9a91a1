"""The package's shape, held by tests: the import contracts in pyproject.toml, no import
cycle inside csp_tui, no module over 500 lines, no block of six lines written twice.

Some of today's code breaks these rules and is being reworked. Those offenders are listed
just below, and nowhere else. Each list can only shrink: a listed offender that has been
fixed fails the test until its line here is deleted too. (The import contracts keep their
own exceptions as ``ignore_imports`` in pyproject.toml; import-linter fails an entry that
no longer matches an import, so those only shrink as well.)
"""

from __future__ import annotations

import ast
import io
import re
import shutil
import subprocess
import sys
import tokenize
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import grimp
import pytest

# ---------------------------------------------------------------------- known offenders

#: Modules over MAX_LINES today, with their length today as a ceiling: they may shrink,
#: never grow.
KNOWN_LONG: dict[str, int] = {}

#: Groups of modules that import each other round in a circle (strongly connected
#: components of the import graph), today.
KNOWN_CYCLES: set[frozenset[str]] = set()

#: Blocks repeated today: (first file, second file, the block's first line, normalised).
KNOWN_REPEATS: set[tuple[str, str, str]] = set()

# ---------------------------------------------------------------------- the rules

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "csp_tui"
MAX_LINES = 500
MIN_REPEAT = 6


def package_files() -> list[Path]:
    """Every module of csp_tui, in a stable order."""
    return sorted(PACKAGE.rglob("*.py"))


def rel(path: Path) -> str:
    """``csp_tui/...`` with forward slashes: the form the lists above use."""
    return path.relative_to(ROOT).as_posix()


def stale(kind: str, entries: Iterable[object]) -> str:
    """The message for allow-list entries whose offence has gone."""
    listed = "\n  ".join(repr(e) for e in sorted(entries, key=repr))
    return (f"fixed, so delete from {kind} at the top of tests/unit/test_architecture.py:"
            f"\n  {listed}")


# ---------------------------------------------------------------------- import contracts


def test_import_contracts_hold():
    """The contracts in pyproject.toml ([tool.importlinter]), run by the real CLI."""
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint, "lint-imports is missing: pip install -e '.[test]'"
    proc = subprocess.run([lint, "--no-cache", "--no-logo"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 broken" in proc.stdout and " kept" in proc.stdout, proc.stdout



def test_the_fast_lookup_contract_forbids_the_heavy_layers():
    """The `csp actions` lookup's contract names the parts of csp_tui it must never
    load: one lazy import of them would put pydantic back on the fast path."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (lookup,) = [c for c in config["tool"]["importlinter"]["contracts"]
                 if "csp_tui.storage.action_query" in c.get("source_modules", [])]
    assert {"csp_tui.services", "csp_tui.exporters", "csp_tui.capture",
            "csp_tui.storage.repository", "csp_tui.domain.models",
            "pydantic", "textual"} <= set(lookup["forbidden_modules"])


# ---------------------------------------------------------------------- cycles


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    """csp_tui's import graph, imports inside functions included. Imports under
    ``if TYPE_CHECKING:`` are left out: they never run, so they close no circle at
    import time (and a type-only import up a layer is caught by the layers contract)."""
    return grimp.build_graph("csp_tui", exclude_type_checking_imports=True, cache_dir=None)


def import_cycles(graph: grimp.ImportGraph) -> set[frozenset[str]]:
    """The groups of modules that each reach every other by imports (the graph's
    strongly connected components with more than one module)."""
    groups = set()
    for module in graph.modules:
        circle = graph.find_downstream_modules(module) & graph.find_upstream_modules(module)
        if circle:
            groups.add(frozenset({module, *circle}))
    return groups


def describe_cycle(graph: grimp.ImportGraph, group: frozenset[str]) -> str:
    """The imports that make up a circle, with their lines, to show where to cut."""
    lines = []
    for importer in sorted(group):
        for imported in sorted(graph.find_modules_directly_imported_by(importer) & group):
            details = graph.get_import_details(importer=importer, imported=imported)
            where = ", ".join(str(d["line_number"]) for d in details)
            lines.append(f"    {importer} -> {imported}  (line {where})")
    return "\n".join(lines)


def test_no_import_cycles(graph):
    found = import_cycles(graph)
    problems = [f"import cycle inside csp_tui: {sorted(group)}\n{describe_cycle(graph, group)}"
                for group in sorted(found - KNOWN_CYCLES, key=sorted)]
    if gone := KNOWN_CYCLES - found:
        problems.append(stale("KNOWN_CYCLES", (sorted(group) for group in gone)))
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------------- module length


def line_count(path: Path) -> int:
    """Lines in the file, as an editor numbers them."""
    return len(path.read_text(encoding="utf-8").splitlines())


def test_no_module_over_500_lines():
    lengths = {rel(path): line_count(path) for path in package_files()}
    problems = [
        f"{name}: {n} lines; split it (limit {MAX_LINES}"
        + (f", or {KNOWN_LONG[name]} while it is listed in KNOWN_LONG)" if name in KNOWN_LONG
           else ")")
        for name, n in sorted(lengths.items()) if n > KNOWN_LONG.get(name, MAX_LINES)]
    if gone := {name for name in KNOWN_LONG if lengths.get(name, 0) <= MAX_LINES}:
        problems.append(stale("KNOWN_LONG", gone))
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------------- repeated blocks

#: A line of nothing but brackets and separators: ``)``, ``],``, ``}:``.
LONE_PUNCTUATION = re.compile(r"[()\[\]{},:;.]+")


def significant_lines(source: str) -> list[tuple[int, str]]:
    """(line number, text) of each line that says something: whitespace collapsed,
    comments cut off; blank lines, imports, docstrings and lone punctuation left out,
    being the boilerplate every module shares."""
    skip: set[int] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import | ast.ImportFrom):
            skip.update(range(node.lineno, node.end_lineno + 1))
        elif isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef
                        | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if (isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
                    and isinstance(first.value.value, str)):
                skip.update(range(first.lineno, first.end_lineno + 1))
    # Tokens, not a search for "#": a "#" inside a string is no comment.
    comment_at = {tok.start[0]: tok.start[1]
                  for tok in tokenize.generate_tokens(io.StringIO(source).readline)
                  if tok.type == tokenize.COMMENT}
    kept = []
    for number, line in enumerate(source.splitlines(), start=1):
        if number in skip:
            continue
        text = " ".join(line[:comment_at.get(number)].split())
        if text and not LONE_PUNCTUATION.fullmatch(text):
            kept.append((number, text))
    return kept


@dataclass(frozen=True)
class Repeat:
    """A run of identical significant lines found in two places."""

    first: str
    first_lines: tuple[int, int]
    second: str
    second_lines: tuple[int, int]
    length: int
    opening: str

    @property
    def key(self) -> tuple[str, str, str]:
        """What KNOWN_REPEATS lists: line numbers move with every edit, these do not."""
        return (self.first, self.second, self.opening)

    def __str__(self) -> str:
        (a1, a2), (b1, b2) = self.first_lines, self.second_lines
        return (f"{self.first}:{a1}-{a2} and {self.second}:{b1}-{b2} "
                f"({self.length} lines, from {self.opening!r})")


def repeated_blocks(sources: dict[str, str], min_lines: int = MIN_REPEAT) -> list[Repeat]:
    """Every longest run of at least ``min_lines`` identical significant lines that
    appears in two places (two files, or two non-overlapping places in one file)."""
    lines = {name: significant_lines(text) for name, text in sources.items()}
    places: dict[tuple[str, ...], list[tuple[str, int]]] = defaultdict(list)
    for name, kept in lines.items():
        texts = [text for _, text in kept]
        for i in range(len(texts) - min_lines + 1):
            places[tuple(texts[i:i + min_lines])].append((name, i))
    # Each pair of places where the same window of min_lines starts...
    pairs = set()
    for where in places.values():
        for a, (name_a, i) in enumerate(where):
            for name_b, j in where[a + 1:]:
                if name_a != name_b or j - i >= min_lines:
                    pairs.add((name_a, i, name_b, j))
    # ...then joined into runs: a run starts where the pair one line earlier is no match.
    repeats = []
    for name_a, i, name_b, j in sorted(pairs):
        if (name_a, i - 1, name_b, j - 1) in pairs:
            continue
        extra = 0
        while (name_a, i + extra + 1, name_b, j + extra + 1) in pairs:
            extra += 1
        length = min_lines + extra
        run_a = lines[name_a][i:i + length]
        run_b = lines[name_b][j:j + length]
        repeats.append(Repeat(name_a, (run_a[0][0], run_a[-1][0]),
                              name_b, (run_b[0][0], run_b[-1][0]), length, run_a[0][1]))
    return repeats


def test_no_repeated_blocks():
    found = repeated_blocks({rel(p): p.read_text(encoding="utf-8") for p in package_files()})
    problems = [f"written twice (make it one function both places call): {r}"
                for r in found if r.key not in KNOWN_REPEATS]
    if gone := KNOWN_REPEATS - {r.key for r in found}:
        problems.append(stale("KNOWN_REPEATS", gone))
    assert not problems, "\n".join(problems)


def test_repeat_checker_sees_through_layout_and_skips_boilerplate():
    """The checker itself: the same six statements laid out and commented differently
    are found; six shared imports, a docstring and closing brackets are not."""
    body = ["total = 0", "for x in items:", "    total += x", "if total > 10:",
            "    total = 10", "result = total * 2"]
    first = "\n".join(["import os", "import re", "import sys", "import json", "import csv",
                       "import io", '"""Doc."""', "", "def f(items):", *("    " + b for b in body),
                       "    return result", ""])
    second = "\n".join(["import os", "import re", "import sys", "import json", "import csv",
                        "import io", '"""Doc."""', "", "def g(items):  # other",
                        *("    " + b.replace(" = ", " =  ") + "  # why" for b in body),
                        "    return [", "        result,", "    ]", ""])
    repeats = repeated_blocks({"a.py": first, "b.py": second})
    assert [str(r) for r in repeats] == [
        "a.py:10-15 and b.py:10-15 (6 lines, from 'total = 0')"]
    assert repeated_blocks({"a.py": first, "b.py": second.replace("* 2", "* 3")}) == []


# ---------------------------------------------------------------------- bindings


def binding_calls() -> list[tuple[str, int, ast.Call]]:
    """(module, line, call) of every ``Binding(...)`` written in csp_tui."""
    calls = []
    for path in package_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id == "Binding"):
                calls.append((rel(path), node.lineno, node))
    return calls


def _argument(call: ast.Call, name: str, position: int) -> object:
    """The constant given to ``name`` (by keyword, or at ``position``), or None."""
    for keyword in call.keywords:
        if keyword.arg == name:
            return getattr(keyword.value, "value", None)
    if len(call.args) > position:
        return getattr(call.args[position], "value", None)
    return None


def test_every_binding_has_an_id_and_a_description():
    """Each key can be moved by the user's keymap (by its id, unique) and is named in
    the help, the palette and ``csp keys`` (its description)."""
    calls = binding_calls()
    assert len(calls) > 80  # the check sees the bindings
    problems = []
    seen: dict[str, str] = {}
    for where, line, call in calls:
        binding_id = _argument(call, "id", 99)
        description = _argument(call, "description", 2)
        if not isinstance(binding_id, str) or not re.fullmatch(r"[a-z-]+\.[a-z-]+", binding_id):
            problems.append(f"{where}:{line}: Binding without an id like 'screen.what-it-does'")
        elif binding_id in seen:
            problems.append(f"{where}:{line}: id {binding_id!r} used at {seen[binding_id]} too")
        else:
            seen[binding_id] = f"{where}:{line}"
        if not isinstance(description, str) or not description.strip():
            problems.append(f"{where}:{line}: Binding without a description")
    assert not problems, "\n".join(problems)


def test_csp_keys_lists_every_binding():
    """The key list (``csp keys``, the ids a settings file may name) has every binding
    written in csp_tui: a class given bindings is added to keymap.keyed_classes."""
    from csp_tui.app import CspApp
    from csp_tui.keymap import binding_ids

    written = {_argument(call, "id", 99) for _, _, call in binding_calls()}
    assert binding_ids(CspApp) == written


# ---------------------------------------------------------------------- composition


def screen_classes() -> list[type]:
    """Every Screen subclass defined in csp_tui/screens."""
    import importlib
    import inspect
    import pkgutil

    from textual.screen import Screen

    import csp_tui.screens

    found = []
    for info in pkgutil.iter_modules(csp_tui.screens.__path__):
        module = importlib.import_module(f"csp_tui.screens.{info.name}")
        found += [cls for cls in vars(module).values()
                  if inspect.isclass(cls) and cls.__module__ == module.__name__
                  and issubclass(cls, Screen)]
    return found


def test_screens_are_composed_not_mixed_in():
    """A screen is a Screen, a ModalScreen or one of the project's dialog bases
    (screens/dialog.py), nothing else: no mixin chain splitting one class over files.
    Its parts are widgets it composes and objects it holds (the live meeting)."""
    from textual.screen import ModalScreen, Screen

    classes = screen_classes()
    assert len(classes) > 15  # the check sees the screens
    allowed = {Screen, ModalScreen}
    problems = [f"{cls.__module__}.{cls.__qualname__}: base {base.__qualname__} "
                f"({base.__module__}) is not Screen, ModalScreen or a dialog base"
                for cls in classes for base in cls.__bases__
                if base not in allowed and base.__module__ != "csp_tui.screens.dialog"]
    assert not problems, "\n".join(problems)


def test_the_live_meeting_runs_without_textual(tmp_path):
    """The controller under the meeting screen (capture/live.py) carries out an Enter,
    a key's command and an undo in a process that never loads textual (the import
    contracts check its imports; this, the ones made inside its functions too)."""
    probe = """
import datetime as dt, sys
from csp_tui.capture.live import LiveMeeting
from csp_tui.domain.models import Meeting
from csp_tui.storage.repository import Repository

with Repository.open(sys.argv[1]) as repo:
    meeting = repo.meetings.create_meeting(Meeting(date=dt.date(2021, 3, 31)))
    live = LiveMeeting(repo, meeting.id)
    assert live.enter("The chair welcomed everyone.").results[0].done
    assert live.run_command("next").done and live.undo().result.done
print(sorted(m for m in sys.modules if m.split(".")[0] in ("textual", "rich")))
"""
    done = subprocess.run([sys.executable, "-c", probe, str(tmp_path / "m.db")],
                          capture_output=True, text=True, timeout=120, check=True)
    assert done.stdout.strip() == "[]"


# ---------------------------------------------------------------------- composed storage

STORAGE = PACKAGE / "storage"


def storage_trees() -> dict[str, ast.Module]:
    """Every module of csp_tui.storage, parsed."""
    return {rel(path): ast.parse(path.read_text(encoding="utf-8"))
            for path in sorted(STORAGE.glob("*.py"))}


def test_storage_is_composed_not_mixed_in(tmp_path):
    """The repository and its stores inherit nothing but ``object`` or the one tiny base
    (:class:`~csp_tui.storage.journal.Store`: its journal and connection); the stores are
    the repository's attributes, each its own object over the one journal."""
    import importlib

    from csp_tui.storage.journal import Journal, Store
    from csp_tui.storage.repository import Repository

    store_classes = []
    for path in sorted(STORAGE.glob("*.py")):
        module = importlib.import_module(f"csp_tui.storage.{path.stem}")
        store_classes += [cls for name, cls in vars(module).items()
                          if isinstance(cls, type) and cls.__module__ == module.__name__
                          and name.endswith("Store") and cls is not Store]
    assert len(store_classes) >= 9
    problems = [f"{cls.__module__}.{cls.__name__} inherits {cls.__bases__}"
                for cls in store_classes if cls.__bases__ != (Store,)]
    problems += [f"{cls.__name__} inherits {cls.__bases__}"
                 for cls in (Repository, Journal, Store) if cls.__bases__ != (object,)]
    assert not problems, "\n".join(problems)
    with Repository.open(tmp_path / "shape.db") as repo:
        stores = {name: value for name, value in vars(repo).items()
                  if isinstance(value, Store)}
        assert {type(s) for s in stores.values()} == set(store_classes)
        assert all(s.journal is repo.journal and s.conn is repo.conn
                   for s in stores.values())
        assert {"meetings", "minutes", "people", "versions", "transcripts"} <= set(stores)


def test_storage_has_no_module_getattr():
    """No name in storage is loaded behind a module ``__getattr__``: import it from the
    module that defines it."""
    found = [name for name, tree in storage_trees().items() for node in tree.body
             if isinstance(node, ast.FunctionDef) and node.name == "__getattr__"]
    assert not found, f"module-level __getattr__ in {found}"


def test_storage_state_is_set_in_init_not_probed():
    """State is set in ``__init__`` and read as an attribute, never probed with
    ``getattr(self, ...)``/``hasattr(self, ...)`` (set after construction, or not)."""
    found = [f"{name}:{node.lineno}" for name, tree in storage_trees().items()
             for node in ast.walk(tree)
             if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
             and node.func.id in ("getattr", "hasattr", "setattr") and node.args
             and isinstance(node.args[0], ast.Name) and node.args[0].id == "self"]
    assert not found, f"state probed on self in {found}"
