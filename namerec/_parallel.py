"""Running independent chunks of work in several processes, results in input order.

Only pure functions of ``(state, chunk)`` run here, so the result is the same for any
``workers``.  With ``fork`` the children inherit ``state``; elsewhere it is pickled once per child.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Set only inside worker processes (by _init), never in the parent.
_CHILD_STATE: list[Any] = []


def check_workers(workers: int) -> int:
    """``workers`` as a positive int; ``0`` means one per CPU."""
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 0:
        raise ValueError(f"workers must be an int >= 0 (0 = one per CPU), got {workers!r}")
    return workers or (os.cpu_count() or 1)


def chunked(items: Sequence[T], size: int) -> list[Sequence[T]]:
    """``items`` cut into consecutive slices of at most ``size``.

    >>> chunked([1, 2, 3], 2)
    [[1, 2], [3]]
    """
    return [items[i : i + size] for i in range(0, len(items), max(1, size))]


def _init(state: Any) -> None:
    _CHILD_STATE.append(state)


def _call(job: tuple[Callable[[Any, Any], Any], Any]) -> Any:
    func, chunk = job
    return func(_CHILD_STATE[-1], chunk)


def imap_chunks(
    func: Callable[[Any, Sequence[T]], R],
    chunks: Sequence[Sequence[T]],
    *,
    workers: int,
    state: Any = None,
) -> Iterator[R]:
    """``func(state, c)`` for each chunk, in order, in ``workers`` processes when there are
    several chunks.  ``func`` must be a module-level function (workers get it by name).

    >>> def add(state, chunk):
    ...     return state + sum(chunk)
    >>> list(imap_chunks(add, [[1, 2], [3]], workers=1, state=10))
    [13, 13]
    """
    if workers <= 1 or len(chunks) <= 1:
        for c in chunks:
            yield func(state, c)
        return
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    ctx = multiprocessing.get_context(method)
    # Forked children share the parent's pages until they write to them, and a garbage
    # collection in a child writes to every object it visits: frozen objects are never
    # visited, so the children keep sharing ``state`` (measured: worker peak at 1M names
    # 2.7 GB before).  Unfrozen again once the pool is gone (unless the caller froze some).
    frozen = method == "fork" and gc.isenabled() and not gc.get_freeze_count()
    if frozen:
        gc.freeze()
    try:
        with ctx.Pool(min(workers, len(chunks)), initializer=_init, initargs=(state,)) as pool:
            yield from pool.imap(_call, [(func, c) for c in chunks], chunksize=1)
    finally:
        if frozen:
            gc.unfreeze()
