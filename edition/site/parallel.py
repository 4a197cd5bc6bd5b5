"""Spread per-item work (parsing articles, rendering pages) over the machine's cores.

Workers are forked after the shared data is built, so they inherit it instead of receiving it
pickled; only item indices go out and small results come back. Small jobs stay in-process, where
starting workers would cost more than it saves.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import traceback
from typing import Callable, Sequence

from edition.memory import return_large_blocks_to_the_system

MIN_ITEMS_PER_WORKER = 150
_shared: dict = {}


def worker_count(items: int) -> int:
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(cores, items // MIN_ITEMS_PER_WORKER))


def forget_parent_signals(niceness: int = 0) -> None:
    """In a forked child: no signal handling inherited from the parent. An event loop (the preview's)
    learns of SIGINT and SIGTERM through a wakeup fd that a forked child shares; the child's own SIGTERM,
    sent by the pool that stops it, must not reach the parent as if it were the parent's."""
    try:
        signal.set_wakeup_fd(-1)
    except ValueError:  # not the main thread: nothing was inherited there
        pass
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it stops its workers
    if niceness:
        os.nice(niceness)


BATCHES_PER_WORKER = 16  # results come back a batch at a time: no worker holds all of its results
# With recycling asked for, a worker is replaced by a fresh fork after this many batches: what it made and
# what it copied from the parent (every object it reads is written to, for its reference count) goes back
# to the system, and its caches with it. At 10,000 articles the page workers' own memory went from ~140 to
# ~70 MB each; at 1,000 the lost caches cost more than the memory is worth.
BATCHES_PER_LIFE = 4


def _run_batch(bounds: tuple[int, int]) -> list:
    func, items = _shared["func"], _shared["items"]
    return [func(items[i]) for i in range(*bounds)]


def map_in_workers(func: Callable, items: Sequence, niceness: int = 0, recycle: bool = False, alone: int = 0) -> list:
    """[func(item) for item in items], in forked workers when there are enough items; order kept.
    The items go out in batches of consecutive ones, taken by whichever worker is free; the first
    `alone` items go out one per batch. Workers with a niceness yield the cores to a process that
    matters more (one running Beside), not to idleness; recycled ones are replaced every
    BATCHES_PER_LIFE batches."""
    workers = worker_count(len(items))
    if workers == 1:
        return [func(item) for item in items]
    size = max(1, len(items) // (workers * BATCHES_PER_WORKER))
    batches = [(n, n + 1) for n in range(min(alone, len(items)))] + \
        [(start, min(start + size, len(items))) for start in range(min(alone, len(items)), len(items), size)]
    _shared.update(func=func, items=items)
    pool = multiprocessing.get_context("fork").Pool(workers, initializer=forget_parent_signals, initargs=(niceness,),
                                                    maxtasksperchild=BATCHES_PER_LIFE if recycle else None)
    try:
        results = [result for batch in pool.imap(_run_batch, batches) for result in batch]
        # Workers done with their work leave by themselves: terminating them (as the pool's context manager
        # does) signals workers the pool may be forking at that moment.
        pool.close()
        return results
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()
        _shared.clear()


class Beside:
    """func(*args) running in a forked process while this one goes on; wait() returns its value when it
    is done, or raises its error here. Where processes cannot be forked, it runs at once, in this process.
    return_large_blocks: the process gives the large blocks it frees back to the system at once."""

    def __init__(self, func: Callable, *args, return_large_blocks: bool = False):
        self._process = None
        self._failure = None
        self._value = None
        if "fork" not in multiprocessing.get_all_start_methods():
            self._value = func(*args)
            return
        context = multiprocessing.get_context("fork")
        self._failure, child_end = context.Pipe(duplex=False)
        self._process = context.Process(target=_run_and_report, args=(func, args, child_end, return_large_blocks),
                                        daemon=True)
        self._process.start()
        child_end.close()

    def wait(self):
        if self._process is None:
            return self._value
        try:
            failure, value = self._failure.recv()
        except EOFError:  # it ended without a word: killed
            failure, value = None, None
        self._process.join()
        self._failure.close()
        exit_code, self._process = self._process.exitcode, None
        if failure:
            raise RuntimeError(failure)
        if exit_code != 0:
            raise RuntimeError(f"the process beside the build ended with status {exit_code}")
        return value


    def cancel(self) -> None:
        """Stop it (its work is no longer wanted) and wait until it has stopped."""
        if self._process is not None:
            self._process.terminate()
            self._process.join()
            self._failure.close()
            self._process = None


def _run_and_report(func: Callable, args: tuple, report, return_large_blocks: bool) -> None:
    forget_parent_signals()
    if return_large_blocks:
        return_large_blocks_to_the_system()
    try:
        report.send((None, func(*args)))
    except BaseException:
        report.send((traceback.format_exc(), None))
        raise
    finally:
        report.close()
