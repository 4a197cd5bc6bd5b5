"""The environment NumPy is imported with: settings it reads once, when it is first imported.

- One BLAS thread (OPENBLAS_NUM_THREADS=1). The index does no linear algebra, but OpenBLAS starts a
  thread per core as NumPy is imported: on this project's 2-core build machine, importing NumPy took
  0.18-0.23 s of CPU with them and 0.09-0.13 s without.
- No AVX-512 sort on AMD Zen 4 (NPY_DISABLE_CPU_FEATURES). NumPy sorts 32- and 64-bit numbers with
  x86-simd-sort, whose partition step stores each vector with VPCOMPRESS to memory; Zen 4 (family 25
  with AVX-512; Zen 3 has no AVX-512, Zen 5 is family 26) runs that in microcode. There np.sort of
  709,713 int64 took 39 ms, and 8 ms with the AVX-512 targets left out. The index is mostly sorts.

A value the user set, even an empty one, is kept.
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


def numpy_environment(cpuinfo: str) -> dict[str, str]:
    """The variables to import NumPy with on the processor that cpuinfo (/proc/cpuinfo's text) describes."""
    wanted = {"OPENBLAS_NUM_THREADS": "1"}
    if has_slow_compress_store(cpuinfo):
        wanted["NPY_DISABLE_CPU_FEATURES"] = " ".join(AVX512_TARGETS)
    return wanted


def prepare_numpy(environ=os.environ, cpuinfo_file: Path = CPUINFO, modules=sys.modules) -> None:
    """Set numpy_environment() before NumPy is imported; once it is, the settings would say what is not so."""
    if "numpy" in modules:
        return
    try:
        cpuinfo = cpuinfo_file.read_text(encoding="utf-8", errors="replace")
    except OSError:  # not Linux, or no /proc: no processor to tell apart
        cpuinfo = ""
    for name, value in numpy_environment(cpuinfo).items():
        environ.setdefault(name, value)
