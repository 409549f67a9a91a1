"""Shared helpers of the whole-process benchmarks: every figure is a fresh process
timed by the wall clock from just before it is started until it has exited (or, for
the app, until its first complete frame), paired with a floor run in the same rounds.

How a busy, shared 2-core machine is kept from deciding a ratio:

- the cases of one table take turns, round by round, in a rotating order, so a slow
  spell falls on both sides of a ratio alike;
- each case's figure is its fastest run (timeit's advice: the fastest is the run least
  disturbed by the rest of the machine), given with its median and slowest as the
  spread; the ratio is fastest over fastest, and the median of the per-round ratios
  is given beside it.

The environment is a user's, not this shell's: ``PYTHONUNBUFFERED`` (which makes every
``print`` a system call) and ``PYTHONDONTWRITEBYTECODE`` (which makes every run compile
csp from source) are taken out, as is any ``PYTHONPYCACHEPREFIX``; csp_tui is byte
compiled first, as ``pip install`` leaves it.
"""

from __future__ import annotations

import compileall
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PYTHON = sys.executable
CSP = str(Path(PYTHON).with_name("csp"))
#: A user's environment: nothing that changes how Python buffers output or caches
#: bytecode.
ENV = {k: v for k, v in os.environ.items()
       if k not in ("PYTHONUNBUFFERED", "PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")}


def compile_package() -> None:
    """Byte-compile csp_tui (a fresh clone or ``PYTHONDONTWRITEBYTECODE`` leaves it
    uncompiled, and every run would pay to compile it while the floor pays nothing)."""
    compileall.compile_dir(ROOT / "csp_tui", quiet=1)


def run(cmd: Sequence[str], *, env: dict[str, str] | None = None,
        cwd: str | None = None) -> tuple[float, float]:
    """Seconds for the whole process, stdout and stderr to pipes read to the end: the
    wall clock, and the CPU time (user + system) of the process and its children."""
    started = time.perf_counter()
    proc = subprocess.Popen(list(cmd), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            stdin=subprocess.DEVNULL, env=env or ENV, cwd=cwd)
    _out, err = proc.communicate()
    took = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, cmd))} failed ({proc.returncode}): "
                         f"{err.decode(errors='replace').strip()[-600:]}")
    return took, child_cpu(proc)


_CPU_SEEN = [0.0]


def child_cpu(proc: subprocess.Popen) -> float:
    """CPU seconds of ``proc`` (reaped) and its waited-for children: the growth of this
    process's RUSAGE_CHILDREN since the last call (one child runs at a time)."""
    import resource

    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    total = used.ru_utime + used.ru_stime
    took, _CPU_SEEN[0] = total - _CPU_SEEN[0], total
    return took


@dataclass
class Case:
    """One row of a table: ``measure()`` runs it once and returns (wall, CPU) seconds."""

    name: str
    measure: Callable[[], tuple[float, float]]
    floor: str | None = None  # the name of the case this one is a ratio to
    times: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    @property
    def fastest(self) -> float:
        return min(self.times)


def interleave(cases: list[Case], runs: int, *, warm: int = 1) -> None:
    """Run every case ``warm`` times (page cache, bytecode), then ``runs`` rounds of
    all of them, each round in a rotated order."""
    for case in cases:
        for _ in range(warm):
            case.measure()
    child_cpu_reset()
    for n in range(runs):
        k = n % len(cases)
        for case in cases[k:] + cases[:k]:
            wall, cpu = case.measure()
            case.times.append(wall)
            case.cpu.append(cpu)


def child_cpu_reset() -> None:
    """Start counting children's CPU time afresh (children reaped by others count too)."""
    import resource

    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    _CPU_SEEN[0] = used.ru_utime + used.ru_stime


def add(*timings: tuple[float, float]) -> tuple[float, float]:
    """Processes run one after the other, as one figure."""
    return sum(t[0] for t in timings), sum(t[1] for t in timings)


def table(title: str, cases: list[Case], targets: dict[str, str] | None = None) -> str:
    """The cases as a Markdown table: the wall clock's fastest, median and slowest in
    ms and each case's ratio to its floor (fastest / fastest, and the median per-round
    ratio); then the fastest CPU time (user + system, children included) and its
    ratio, which a busy machine disturbs far less than the wall clock."""
    by_name = {c.name: c for c in cases}
    targets = targets or {}
    lines = [f"### {title}", "",
             "| case | fastest ms | median | slowest | ratio | median ratio | CPU ms | "
             "CPU ratio | target |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for c in cases:
        ms = [t * 1000 for t in c.times]
        ratio = median_ratio = cpu_ratio = ""
        if c.floor:
            f = by_name[c.floor]
            ratio = f"{c.fastest / f.fastest:.2f}"
            paired = zip(c.times, f.times, strict=True)
            median_ratio = f"{statistics.median(a / b for a, b in paired):.2f}"
            cpu_ratio = f"{min(c.cpu) / min(f.cpu):.2f}"
        lines.append(f"| {c.name} | {min(ms):.1f} | {statistics.median(ms):.1f} | "
                     f"{max(ms):.1f} | {ratio} | {median_ratio} | {min(c.cpu) * 1000:.0f} | "
                     f"{cpu_ratio} | {targets.get(c.name, '')} |")
    return "\n".join(lines)


def machine() -> str:
    """One line on where the figures were taken."""
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load {load:.1f} "
            f"at start, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")


def which(name: str) -> str | None:
    """``name`` on PATH, or None."""
    return shutil.which(name)
