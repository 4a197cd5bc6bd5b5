"""How a process that makes and drops many large NumPy arrays gives their memory back (glibc only).

The search index of a large collection makes and drops arrays by the hundred; its peak is part of
the build's. Left to glibc's defaults, the blocks it frees stay in its heap, for reuse (190 of its 706 MiB
at 10,000 articles). Mapping every block of 128 kB or more apart gives them back at once, but makes
each new array fresh memory: a page fault for every 4 kB, seconds of system time at 10,000 articles.

So blocks of 4 MiB and more are mapped apart: NumPy asks for huge pages for those
(madvise(MADV_HUGEPAGE) from 4 MiB), so their page faults are few. The smaller ones stay in the heap,
reused; at the points where many of them have just been dropped, give_back_free_memory() returns the
free part of the heap (malloc_trim). Elsewhere than glibc, nothing is done.
"""
from __future__ import annotations

import ctypes
from functools import cache

# glibc's mallopt parameters (malloc.h)
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
LARGE_BLOCK = 4 << 20  # NumPy asks for huge pages from here on (AnonHugePages: 4 MiB arrays get them, 3.9 MiB not)

_giving_back = False


@cache
def _libc():
    try:
        libc = ctypes.CDLL(None)
        return libc if hasattr(libc, "mallopt") and hasattr(libc, "malloc_trim") else None
    except OSError:
        return None


def return_large_blocks_to_the_system() -> None:
    """From now on in this process, blocks of LARGE_BLOCK or more go back to the system when freed, and
    give_back_free_memory() returns the rest of what is free."""
    global _giving_back
    libc = _libc()
    if libc is None:
        return
    libc.mallopt(M_MMAP_THRESHOLD, LARGE_BLOCK)
    libc.mallopt(M_TRIM_THRESHOLD, LARGE_BLOCK)
    _giving_back = True


def give_back_free_memory() -> None:
    """Return the heap's free memory to the system, if this process was asked to give memory back."""
    if _giving_back:
        _libc().malloc_trim(0)
