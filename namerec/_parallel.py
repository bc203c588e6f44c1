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


def _init(state: Any, counter: Any = None, chunks: Sequence[Any] = ()) -> None:
    _CHILD_STATE.append((state, counter, chunks))


def _call(job: tuple[Callable[[Any, Any], Any], Any]) -> Any:
    func, chunk = job
    return func(_CHILD_STATE[-1][0], chunk)


def _take(counter: Any, total: int) -> int | None:
    """The next chunk nobody has taken yet, ``None`` when all are taken."""
    with counter.get_lock():
        k: int = counter.value
        if k >= total:
            return None
        counter.value = k + 1
    return k


def _call_next(func: Callable[[Any, Any], Any]) -> tuple[int, Any] | None:
    state, counter, chunks = _CHILD_STATE[-1]
    k = _take(counter, len(chunks))
    return None if k is None else (k, func(state, chunks[k]))


def imap_chunks(
    func: Callable[[Any, Sequence[T]], R],
    chunks: Sequence[Sequence[T]],
    *,
    workers: int,
    state: Any = None,
    in_caller: bool = False,
) -> Iterator[R]:
    """``func(state, c)`` for each chunk, in order, in ``workers`` processes when there are
    several chunks.  ``func`` must be a module-level function (workers get it by name).

    With ``in_caller``, the calling process is one of the ``workers``: it takes chunks too,
    and one process fewer starts.  A forked process copies every memory page it writes to,
    and reading a Python object writes its reference count, so each one started costs about
    as much memory as the objects it reads (measured: about 0.7 GB a process scoring pairs of
    a million names); the caller pays nothing for reading its own.

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
        if in_caller:
            yield from _with_caller(ctx, func, chunks, workers - 1, state)
        else:
            with ctx.Pool(min(workers, len(chunks)), initializer=_init, initargs=(state,)) as pool:
                yield from pool.imap(_call, [(func, c) for c in chunks], chunksize=1)
    finally:
        if frozen:
            gc.unfreeze()


def _with_caller(
    ctx: Any, func: Callable[[Any, Sequence[T]], R], chunks: Sequence[Sequence[T]], children: int, state: Any
) -> Iterator[R]:
    """:func:`imap_chunks` with the caller taking chunks beside ``children`` processes: each
    takes the next chunk from a shared counter, and results come back in chunk order."""
    total = len(chunks)
    counter = ctx.Value("q", 0)
    done: dict[int, R] = {}
    following = 0  # the next chunk to yield
    with ctx.Pool(min(children, total), initializer=_init, initargs=(state, counter, chunks)) as pool:
        # One task per chunk: each child task takes whichever chunk is next (or none, when
        # the caller took it), so every chunk is computed exactly once.
        results = pool.imap_unordered(_call_next, [func] * total)
        waiting = total  # child tasks not yet returned
        while True:
            k = _take(counter, total)
            if k is not None:
                done[k] = func(state, chunks[k])
            # What the children finished: all that is ready while the caller has chunks left,
            # then one at a time, waiting.
            while waiting:
                try:
                    got = results.next(timeout=None if k is None else 0)
                except multiprocessing.TimeoutError:
                    break
                waiting -= 1
                if got is not None:
                    done[got[0]] = got[1]
                if k is None:
                    break
            while following in done:
                yield done.pop(following)
                following += 1
            if k is None and not waiting:
                break
