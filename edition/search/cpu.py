"""Keeping NumPy's sort off its AVX-512 path on the processors where that path is the slow one.

NumPy sorts 32- and 64-bit numbers with x86-simd-sort, AVX-512 where the processor has it. Its
partition step stores each vector with VPCOMPRESS to memory, which AMD's Zen 4 (family 25 with
AVX-512; Zen 3 has no AVX-512, Zen 5 is family 26) runs in microcode. There the AVX-512 sort is
several times slower than NumPy's AVX2 one: on this project's EPYC build machine, np.sort of 709,713
int64 took 39 ms, and 8 ms with the AVX-512 targets left out. The search index is mostly sorts.
NumPy reads which targets to leave out from NPY_DISABLE_CPU_FEATURES when it is first imported.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

# NumPy 2.4's dispatch targets that use AVX-512 (numpy._core._multiarray_umath.__cpu_dispatch__).
AVX512_TARGETS = ("X86_V4", "AVX512_ICL", "AVX512_SPR")
CPUINFO = Path("/proc/cpuinfo")


def cpu_fields(cpuinfo: str) -> dict[str, str]:
    """The fields of the first processor in a /proc/cpuinfo text."""
    fields = {}
    for line in cpuinfo.splitlines():
        if not line.strip():
            break
        name, _, value = line.partition(":")
        fields[name.strip()] = value.strip()
    return fields


def has_slow_compress_store(cpuinfo: str) -> bool:
    fields = cpu_fields(cpuinfo)
    return (fields.get("vendor_id") == "AuthenticAMD" and fields.get("cpu family") == "25"
            and "avx512f" in fields.get("flags", "").split())


def targets_to_leave_out(cpuinfo: str) -> str | None:
    """NPY_DISABLE_CPU_FEATURES for this processor, or None where NumPy's own choice is the fast one."""
    return " ".join(AVX512_TARGETS) if has_slow_compress_store(cpuinfo) else None


def keep_numpy_off_slow_sorts(environ=os.environ, cpuinfo_file: Path = CPUINFO, modules=sys.modules) -> None:
    """Set NPY_DISABLE_CPU_FEATURES before NumPy is imported, unless the user set it (even empty)."""
    if "NPY_DISABLE_CPU_FEATURES" in environ or "numpy" in modules:
        return
    try:
        cpuinfo = cpuinfo_file.read_text(encoding="utf-8", errors="replace")
    except OSError:  # not Linux, or no /proc: NumPy chooses
        return
    targets = targets_to_leave_out(cpuinfo)
    if targets:
        environ["NPY_DISABLE_CPU_FEATURES"] = targets
