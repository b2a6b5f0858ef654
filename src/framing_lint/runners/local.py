"""The local runner: items on this machine, in-process or over a pool of worker processes.

spaCy holds the GIL for most of its work, so threads would not help; processes do.

The pool is our own rather than ``multiprocessing.Pool``: when a worker of that pool dies
(the kernel's OOM killer, a segfault in a C extension) ``imap`` waits for its result for
ever. Here each worker has its own pipe and the parent knows which items each one holds, so
a death is seen at once (the process sentinel), the item it was working on becomes
:class:`~framing_lint.runners.Lost`, the items queued behind it go to other workers, and a
fresh worker takes its place.
"""
from __future__ import annotations

import collections
import itertools
import multiprocessing
import signal
from collections.abc import Iterable, Iterator
from multiprocessing.connection import Connection, wait
from typing import Any

from framing_lint.runners import Done, Lost, OnDone, RunnerError, Work

# Below this many items per job a pool's start-up costs more than it saves.
MIN_ITEMS_PER_JOB = 4
# Items sent ahead to each worker, so it never waits for the parent between two files.
PREFETCH = 2
# Results held for reordering, per job: bounds memory when one file is slow.
WINDOW_PER_JOB = 64
# Workers dying before they finished starting, in a row, before the run gives up.
MAX_START_FAILURES = 3


class LocalRunner:
    def __init__(self, jobs: int = 1) -> None:
        self.jobs = max(1, jobs)

    def map(self, work: Work, items: Iterable[Any], on_done: OnDone | None = None) -> Iterator[tuple[Any, Any]]:
        it = iter(items)
        # Peek far enough to know whether a pool is worth starting: MIN_ITEMS_PER_JOB items to
        # work on per job. Items already answered pass through; at most a window of them is
        # held here (a run where the cache knows most files must not read the whole list first).
        head: list[Any] = []
        todo = 0
        exhausted = False
        while todo < self.jobs * MIN_ITEMS_PER_JOB and len(head) < self.jobs * WINDOW_PER_JOB:
            item = next(it, _END)
            if item is _END:
                exhausted = True
                break
            head.append(item)
            todo += not isinstance(item, Done)
        jobs = min(self.jobs, max(1, todo // MIN_ITEMS_PER_JOB)) if exhausted else self.jobs
        rest = itertools.chain(head, it)
        del head
        if jobs <= 1:
            yield from _inline(work, rest, on_done)
        else:
            yield from _Pool(work, jobs).map(rest, on_done)


_END = object()


def _inline(work: Work, items: Iterator[Any], on_done: OnDone | None) -> Iterator[tuple[Any, Any]]:
    ready = False  # set up on the first item to work on: none at all when every file was cached
    for item in items:
        if isinstance(item, Done):
            item, result = item
        else:
            if not ready:
                (work.setup_here or work.setup)()
                ready = True
            result = work.run(item)
        if on_done:
            on_done()
        yield item, result


def _death(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        hint = " (usually the system running out of memory)" if name == "SIGKILL" else ""
        return f"killed by {name}{hint}"
    return f"exited with status {exitcode}"


def _serve(conn: Connection, work: Work, inherited: list[Connection]) -> None:
    """A worker's loop: ``(index, item)`` in, ``(index, kind, value)`` out, ``None`` to stop."""
    # A forked worker holds copies of the parent's ends of every pipe (its own and the other
    # workers'): while they are open, no worker reads end-of-file when the parent is killed
    # (SIGTERM from `timeout` or a cancelled CI job), and the orphans sleep for ever holding
    # the run's stdout and stderr, so whoever reads them hangs. Closed, a worker ends when it
    # next waits for work or sends a result.
    for other in inherited:
        other.close()
    try:
        work.setup()
        conn.send((-1, "ready", None))
        while True:
            message = conn.recv()
            if message is None:
                return
            index, item = message
            try:
                reply = (index, "ok", work.run(item))
            except BaseException as exc:  # noqa: BLE001 - the parent decides (a config error ends the run)
                reply = (index, "raise", exc)
            try:
                conn.send(reply)
            except Exception as exc:  # noqa: BLE001 - an exception or result that does not pickle
                conn.send((index, "raise", RunnerError(f"{item}: {exc!r}")))
    except (EOFError, KeyboardInterrupt, BrokenPipeError):
        return  # the parent has gone or stopped us


class _Worker:
    def __init__(self, ctx: Any, work: Work, others: list[_Worker]) -> None:
        self.conn, child = ctx.Pipe()
        # Only a forked child inherits the parent's pipe ends (spawn starts a clean process).
        inherited = [self.conn, *(w.conn for w in others)] if ctx.get_start_method() == "fork" else []
        self.process = ctx.Process(target=_serve, args=(child, work, inherited), daemon=True)
        self.process.start()
        child.close()
        self.held: collections.deque[int] = collections.deque()  # item indexes sent, in order
        self.ready = False


class _Pool:
    def __init__(self, work: Work, jobs: int) -> None:
        # Fork keeps what the parent compiled; spawn would re-import everything per worker.
        methods = multiprocessing.get_all_start_methods()
        self.ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        self.work = work
        self.jobs = jobs

    def map(self, items: Iterator[Any], on_done: OnDone | None) -> Iterator[tuple[Any, Any]]:
        workers: list[_Worker] = []  # started when the first item needs one
        todo: collections.deque[int] = collections.deque()  # read, not yet sent (or to send again: their worker died)
        names: dict[int, Any] = {}  # index -> item, for items not yet yielded
        results: dict[int, Any] = {}
        counter = itertools.count()
        exhausted = False
        next_out = 0
        window = WINDOW_PER_JOB * self.jobs
        start_failures = 0

        def read() -> bool:
            """Read one more item; False when there are no more or the window is full."""
            nonlocal exhausted
            if exhausted or len(names) >= window:
                return False  # a slow file at the head: wait for it before reading further
            item = next(items, _END)
            if item is _END:
                exhausted = True
                return False
            index = next(counter)
            if isinstance(item, Done):
                names[index], results[index] = item
                if on_done:
                    on_done()
            else:
                names[index] = item
                todo.append(index)
            return True

        try:
            while True:
                while todo or read():
                    if not todo:
                        continue  # an item already answered: read on
                    if not workers:
                        # In the parent first: forked workers inherit it, and a broken rule
                        # file fails once, here.
                        self.work.setup()
                        for _ in range(self.jobs):
                            workers.append(_Worker(self.ctx, self.work, workers))
                    w = next((w for w in workers if len(w.held) < PREFETCH), None)
                    if w is None:
                        break  # every worker has enough to do
                    index = todo.popleft()
                    try:
                        w.conn.send((index, names[index]))
                    except OSError:  # it just died: its sentinel is handled below
                        todo.appendleft(index)
                        break
                    w.held.append(index)
                while next_out in results:
                    result = results.pop(next_out)
                    yield names.pop(next_out), result
                    next_out += 1
                if exhausted and not todo and not names:
                    return
                if not workers:
                    continue  # only answered items so far (all yielded above): read on
                by_handle: dict[Any, _Worker] = {}
                for w in workers:
                    by_handle[w.conn] = w
                    by_handle[w.process.sentinel] = w
                for handle in wait(list(by_handle)):
                    w = by_handle[handle]
                    if w not in workers:
                        continue  # replaced earlier in this round
                    if handle is w.conn:
                        try:
                            self._receive(w, results, on_done)
                        except (EOFError, OSError):
                            pass  # it died mid-message: its sentinel says so next
                        else:
                            start_failures = 0 if w.ready else start_failures
                            continue
                    # The process has ended: keep what it finished, then blame the item it was on.
                    try:
                        while w.conn.poll():
                            self._receive(w, results, on_done)
                    except (EOFError, OSError):
                        pass
                    w.process.join()
                    if w.ready and w.held:
                        lost = w.held.popleft()
                        results[lost] = Lost(f"the worker process linting this file was {_death(w.process.exitcode)}; "
                                             "the other files were linted")
                        if on_done:
                            on_done()
                    elif not w.ready:
                        start_failures += 1
                        if start_failures > MAX_START_FAILURES:
                            raise RunnerError(f"worker processes die while starting ({_death(w.process.exitcode)})")
                    todo.extendleft(reversed(w.held))
                    w.conn.close()
                    others = [o for o in workers if o is not w]
                    workers[workers.index(w)] = _Worker(self.ctx, self.work, others)
        finally:
            _stop(workers)

    @staticmethod
    def _receive(w: _Worker, results: dict[int, Any], on_done: OnDone | None) -> None:
        index, kind, value = w.conn.recv()
        if kind == "ready":
            w.ready = True
            return
        w.held.remove(index)
        if kind == "raise":
            raise value
        results[index] = value
        if on_done:
            on_done()


def _stop(workers: list[_Worker]) -> None:
    for w in workers:
        try:
            w.conn.send(None)
        except (OSError, ValueError):
            pass
    for w in workers:
        w.process.join(timeout=2)
        if w.process.is_alive():
            w.process.kill()
            w.process.join()
        w.conn.close()
