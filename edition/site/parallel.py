"""Spread per-item work (parsing articles, rendering pages) over the machine's cores.

Workers are forked after the shared data is built, so they inherit it instead of receiving it
pickled; only item indices go out and small results come back. Small jobs stay in-process, where
starting workers would cost more than it saves.
"""
from __future__ import annotations

import multiprocessing
import os
from typing import Callable, Sequence

MIN_ITEMS_PER_WORKER = 150
_shared: dict = {}


def worker_count(items: int) -> int:
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(cores, items // MIN_ITEMS_PER_WORKER))


def _run_slice(args: tuple[int, int]) -> list:
    start, step = args
    func, items = _shared["func"], _shared["items"]
    return [func(items[i]) for i in range(start, len(items), step)]


def map_in_workers(func: Callable, items: Sequence) -> list:
    """[func(item) for item in items], in forked workers when there are enough items; order kept."""
    workers = worker_count(len(items))
    if workers == 1:
        return [func(item) for item in items]
    _shared.update(func=func, items=items)
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            slices = pool.map(_run_slice, [(start, workers) for start in range(workers)])
    finally:
        _shared.clear()
    results = [None] * len(items)
    for start, values in enumerate(slices):
        results[start::workers] = values
    return results
