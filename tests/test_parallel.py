"""Work beside the build: the search index is written by a forked process while the pages render;
its failure fails the build and leaves the published site as it was."""
from __future__ import annotations

import os
import resource
import signal
import socket
import time

import pytest

from edition.config import load_config
from edition.site import build as site_build
from edition.site.parallel import Beside
from tests.conftest import ROOT


def child_pid() -> int:
    return os.getpid()


def fail_with_message() -> None:
    raise ValueError("the index could not be written")


def test_beside_runs_in_another_process_and_returns_its_value():
    assert Beside(child_pid).wait() != os.getpid()


def test_an_error_beside_is_raised_in_the_build_with_its_traceback():
    with pytest.raises(RuntimeError, match="ValueError: the index could not be written"):
        Beside(fail_with_message).wait()


def resident_mib() -> float:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:")) / 1024


def memory_given_back(blocks: int, block_mib: int) -> float:
    """Resident MiB that go when blocks of block_mib are dropped, each followed by a small block that stays
    (as the index's arrays are interleaved with what it keeps)."""
    bytearray(b"x") * (16 << 20)  # a larger block freed first: glibc then raises its threshold for mapping apart
    made, kept = [], []
    for _ in range(blocks):
        made.append(bytearray(b"x") * (block_mib << 20))
        kept.append(bytearray(b"y") * 1000)
    with_blocks = resident_mib()
    del made
    return with_blocks - resident_mib()


needs_proc = pytest.mark.skipif(not os.path.exists("/proc/self/status"),
                                reason="these checks read Linux's accounting of memory (/proc)")


@needs_proc
def test_beside_gives_freed_large_blocks_back_at_once_when_asked():
    # The search index of a large collection asks for it: its peak memory is what the build's peak is made of.
    # (Asked, a process keeps what the heap's free space took: up to some 20 MiB after the tests before it.)
    assert Beside(memory_given_back, 16, 8, return_large_blocks=True).wait() > 96


def page_faults_of_new_blocks(blocks: int) -> int:
    """Page faults taken while blocks of 1 MiB are made, written and dropped one after the other."""
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for _ in range(blocks):
        bytearray(b"x") * (1 << 20)
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before


@needs_proc
def test_smaller_blocks_are_reused_not_taken_fresh():
    # Blocks under 4 MiB stay in the heap, reused: not fresh memory with a fault for every 4 kB of each
    # (256 a block). (What the index gives back of them, with malloc_trim, depends on the heap the process
    # was forked with: bench/README.md has its peak.)
    assert Beside(page_faults_of_new_blocks, 64, return_large_blocks=True).wait() < 64 * 16


def test_cancel_stops_a_process_that_is_no_longer_wanted():
    started = time.perf_counter()
    Beside(time.sleep, 30).cancel()
    assert time.perf_counter() - started < 10


def test_a_failing_search_index_fails_the_build_and_keeps_the_published_site(seeds_content, tmp_path, monkeypatch):
    config = load_config(ROOT / "site.yaml")
    out = tmp_path / "site"
    assert site_build.build_site(seeds_content, out, config).built
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}

    def broken_index(docs, folder):
        raise OSError("disk full")

    monkeypatch.setattr(site_build, "write_search_index", broken_index)
    with pytest.raises(RuntimeError, match="disk full"):
        site_build.build_site(seeds_content, out, config)
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert not (tmp_path / ".site.building").exists()


def inherited_signals(_item) -> tuple:
    """In a worker: the wakeup fd it was left with, and whether SIGTERM does what it does by default."""
    return signal.set_wakeup_fd(-1), signal.getsignal(signal.SIGTERM) is signal.SIG_DFL


def test_workers_do_not_share_the_signal_wakeup_of_the_process_that_forked_them():
    """The preview's event loop learns of SIGINT and SIGTERM through a wakeup fd, which forked workers
    inherit; the pool stops workers still running with SIGTERM, which then woke the preview's loop as if
    it were its own, and the preview stopped (now and then, after a rebuild that used workers)."""
    from edition.site.parallel import map_in_workers, worker_count

    if worker_count(1000) < 2:
        pytest.skip("one core or no fork here: no workers")
    reader, writer = socket.socketpair()
    writer.setblocking(False)
    previous_handler = signal.signal(signal.SIGTERM, lambda *_: None)
    previous_fd = signal.set_wakeup_fd(writer.fileno())
    try:
        assert set(map_in_workers(inherited_signals, range(1000))) == {(-1, True)}
        assert Beside(inherited_signals, None).wait() == (-1, True)
    finally:
        signal.set_wakeup_fd(previous_fd)
        signal.signal(signal.SIGTERM, previous_handler)
        reader.close()
        writer.close()


def square_and_worker(n: int) -> tuple[int, int]:
    return n * n, os.getpid()


def test_items_sent_alone_then_in_batches_come_back_whole_and_in_order():
    # The exports of a large site go one per batch to recycled workers, then the pages in runs.
    from edition.site.parallel import BATCHES_PER_LIFE, map_in_workers, worker_count

    if worker_count(600) < 2:
        pytest.skip("one core or no fork here: no workers")
    results = map_in_workers(square_and_worker, range(600), recycle=True, alone=2 * BATCHES_PER_LIFE + 1)
    assert [square for square, _ in results] == [n * n for n in range(600)]
    # Each worker leaves after BATCHES_PER_LIFE batches: more single items than two lives hold need a third.
    assert len({worker for _, worker in results[: 2 * BATCHES_PER_LIFE + 1]}) >= 3
