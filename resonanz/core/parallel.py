"""Plain-Python work spread over worker processes, for the few steps polars cannot vectorise.

The ad-disclosure rules and the explained reports are Python per post or per account, bound by
the interpreter lock, so threads would not help. The workers are joblib's loky processes: fresh
interpreters (forking a process whose polars threads are running can deadlock the child) that,
unlike ``multiprocessing``'s spawn, never re-run the caller's script, guarded by
``if __name__ == "__main__"`` or not. Loky keeps its workers for the next call, so the start-up
(about a second) is paid once per process.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def default_workers() -> int:
    """The processes to use: the usable cores, at most 8."""
    return max(1, min(8, len(os.sched_getaffinity(0))))


def map_in_order(
    fn: Callable[..., R], chunks: Sequence[T], *args: Any, workers: int | None = None
) -> Iterator[R]:
    """``fn(chunk, *args)`` for every chunk, in order, yielded as each is done.

    With one worker, or one chunk, everything runs in this process. ``fn`` must be a module-level
    function and its arguments picklable.
    """
    workers = default_workers() if workers is None else workers
    if workers <= 1 or len(chunks) <= 1:
        for chunk in chunks:
            yield fn(chunk, *args)
        return
    from joblib import Parallel, delayed  # only here: its import costs a tenth of a second

    run = Parallel(n_jobs=workers, backend="loky", return_as="generator")
    yield from run(delayed(fn)(chunk, *args) for chunk in chunks)
