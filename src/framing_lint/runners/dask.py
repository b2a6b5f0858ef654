"""The Dask runner: items linted on an existing dask.distributed cluster.

Each worker runs the ``Work``'s set-up once (a worker plugin: rules compiled, pipelines
loaded), reads its files itself (local paths must be visible to the workers, URLs are read
through fsspec) and sends back only results. Items go out in small batches, a bounded number
at a time, so neither the scheduler nor this process ever holds the whole scan; results are
put back in input order, so the output is the same as a local run's.

A worker that dies (killed, out of memory) costs a re-run of its batches on the others, done
by the scheduler. A batch the scheduler gives up on (it killed ``allowed-failures`` workers)
is split into single files, so only the file that kills workers is reported lost.
"""
from __future__ import annotations

import collections
import itertools
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from distributed import Client, KilledWorker, as_completed
from distributed.core import CommClosedError
from distributed.diagnostics.plugin import WorkerPlugin

from framing_lint.runners import Done, Lost, OnDone, RunnerError, Work

# Files per task: one task per file costs the scheduler ~1 ms and a round trip; a few files
# per task amortise that while keeping batches small enough to rebalance and retry.
BATCH = 8
# Batches in flight per worker thread: enough to keep every worker busy between round trips.
IN_FLIGHT_PER_THREAD = 4

# A worker's threads share one process: spaCy pipelines are not documented as thread-safe, and
# the work holds the GIL anyway, so one file at a time per process (run workers with
# ``--nthreads 1`` and several ``--nworkers`` for parallelism).
_lock = threading.Lock()


def _run_batch(run: Callable[[str], Any], items: list[str]) -> list[Any]:
    with _lock:
        return [run(item) for item in items]


class FramingLintSetup(WorkerPlugin):  # type: ignore[misc]
    """Runs the Work's set-up once on every worker, including workers that join later."""

    def __init__(self, setup: Callable[[], None]) -> None:
        self.setup_work = setup

    def setup(self, worker: Any) -> None:
        with _lock:
            self.setup_work()


class DaskRunner:
    remote = True  # the workers are long-lived: worth loading pipelines up front

    def __init__(self, address: str, batch: int = BATCH) -> None:
        self.address = address
        self.batch = max(1, batch)

    def _client(self) -> Any:
        try:
            # Dask's own connect timeout (DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT, 30 s by default).
            return Client(self.address, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as exc:
            raise RunnerError(f"cannot reach the Dask scheduler at {self.address}: {exc}") from None

    def map(self, work: Work, items: Iterable[Any], on_done: OnDone | None = None) -> Iterator[tuple[Any, Any]]:
        client = self._client()
        name = f"framing-lint-{uuid.uuid4().hex}"
        try:
            try:
                replies = client.register_plugin(FramingLintSetup(work.setup), name=name)
            except (OSError, CommClosedError) as exc:
                raise RunnerError(f"the Dask scheduler at {self.address} dropped the connection: {exc}") from None
            _raise_setup_failure(replies)
            threads = sum(client.nthreads().values()) or 1
            limit = max(2, IN_FLIGHT_PER_THREAD * threads)
            yield from self._stream(client, work, iter(items), on_done, limit)
        finally:
            try:
                client.unregister_worker_plugin(name)
            except Exception:  # noqa: BLE001 - the cluster may be gone; nothing to clean then
                pass
            client.close()

    def _stream(self, client: Any, work: Work, items: Iterator[str], on_done: OnDone | None,
                limit: int) -> Iterator[tuple[Any, Any]]:
        names: dict[int, str] = {}
        results: dict[int, Any] = {}
        counter = itertools.count()
        pending: collections.deque[list[int]] = collections.deque()  # batches split after a KilledWorker
        batch_of: dict[Any, list[int]] = {}
        done = as_completed(loop=client.loop)
        exhausted = False
        next_out = 0

        def submit(indexes: list[int]) -> None:
            future = client.submit(_run_batch, work.run, [names[i] for i in indexes], pure=False)
            batch_of[future] = indexes
            done.add(future)

        # Results wait here until every file before them is back; a very slow file at the
        # head must not let this grow with the scan, so reading new files pauses at a bound.
        window = limit * self.batch * 4
        while True:
            while len(batch_of) < limit and (pending or (not exhausted and len(names) < window)):
                if pending:
                    submit(pending.popleft())
                    continue
                chunk = list(itertools.islice(items, self.batch))
                if len(chunk) < self.batch:
                    exhausted = True
                indexes = []
                for item in chunk:
                    index = next(counter)
                    if isinstance(item, Done):  # already answered: no task
                        names[index], results[index] = item
                        if on_done:
                            on_done()
                    else:
                        names[index] = item
                        indexes.append(index)
                if indexes:
                    submit(indexes)
            while next_out in results:
                yield names.pop(next_out), results.pop(next_out)
                next_out += 1
            if not batch_of:
                if exhausted and not pending:
                    return
                continue  # only answered items were read (and are yielded): read on
            future = next(done)
            indexes = batch_of.pop(future)
            if future.status == "error":
                exc = future.exception()
                if not isinstance(exc, KilledWorker):
                    raise exc  # a run-wide error (a rule file the workers cannot read ...)
                if len(indexes) > 1:
                    pending.extend([i] for i in indexes)  # find which file it was
                    continue
                got: list[Any] = [Lost("the Dask workers linting this file died each time it was tried "
                                       "(usually running out of memory); the other files were linted")]
            else:
                got = future.result()
            future.release()
            for i, result in zip(indexes, got):
                results[i] = result
                if on_done:
                    on_done()


def _raise_setup_failure(replies: Any) -> None:
    """``register_plugin`` answers per worker; a set-up that raised (a rule file missing on a
    worker, a pipeline not installed there) must stop the run, not fail every file."""
    if not isinstance(replies, dict):
        return
    for worker, reply in replies.items():
        if isinstance(reply, dict) and reply.get("status") == "error":
            exc = reply.get("exception")
            if isinstance(exc, BaseException):
                raise exc
            raise RunnerError(f"set-up failed on Dask worker {worker}: {reply.get('text') or exc}")
