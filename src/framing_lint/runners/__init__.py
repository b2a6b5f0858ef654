"""Where files are linted: a local process pool or a Dask cluster, behind one interface.

A runner only moves work and results. It is handed a :class:`Work` (what each worker does
once, and what it does per item) and items (small picklable values: paths, URLs), and yields
``(item, result)`` in the order the items came, whichever worker finished first. It knows
nothing of rules, documents or findings: :mod:`framing_lint.api` builds the ``Work``, so
the API imports the runners and never the other way round.

An item whose worker died while on it (killed for memory, a crash in a C extension) comes
back as :class:`Lost`, once retrying it has stopped making sense; the run goes on. An item
already answered (the findings cache knew the file) comes as :class:`Done`: it goes to no
worker, and its result takes its place in the output, so it is held no longer than any other.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from typing import Any, NamedTuple, Protocol

# Environment variable naming a Dask scheduler, like --scheduler.
SCHEDULER_ENV = "FRAMING_LINT_SCHEDULER"


class Work(NamedTuple):
    """What a runner runs. Both callables must pickle by reference (module-level functions,
    or ``functools.partial`` of them), so a worker on another machine can import them."""

    setup: Callable[[], None]  # once in each worker process, before its first item
    run: Callable[[Any], Any]  # per item; must not raise for a bad input file
    # Instead of ``setup`` when the items are worked on in this process, with no worker to
    # prepare for (it may leave to first use what workers would share if done up front).
    setup_here: Callable[[], None] | None = None


class Lost(NamedTuple):
    """The result of an item whose worker process died while working on it."""

    message: str


class Done(NamedTuple):
    """An item whose result is already known: yielded as ``(item, result)`` in its turn,
    without a worker (nor a worker's set-up, when every item is one)."""

    item: Any
    result: Any


class RunnerError(Exception):
    """The runner itself cannot go on (no scheduler at that address, workers that cannot start)."""


OnDone = Callable[[], None]


class Runner(Protocol):
    def map(self, work: Work, items: Iterable[Any], on_done: OnDone | None = None) -> Iterator[tuple[Any, Any]]:
        """``(item, result)`` for each item in input order (for a :class:`Done`, its own item
        and result); ``on_done`` is called as each item completes (in completion order), for
        progress. Items are read as the run goes, a bounded number ahead of the output."""
        ...


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def get_runner(jobs: int | None = None, scheduler: str | None = None) -> Runner:
    """A Dask runner when a scheduler is given (argument or ``FRAMING_LINT_SCHEDULER``),
    otherwise the local pool with ``jobs`` processes (default: one per CPU)."""
    scheduler = scheduler or os.environ.get(SCHEDULER_ENV) or None
    if scheduler:
        try:
            from framing_lint.runners.dask import DaskRunner
        except ImportError:
            raise RunnerError("a Dask scheduler was given but Dask is not installed: "
                              "pip install 'framing-lint[dask]'") from None
        return DaskRunner(scheduler)
    from framing_lint.runners.local import LocalRunner

    return LocalRunner(jobs or default_jobs())
