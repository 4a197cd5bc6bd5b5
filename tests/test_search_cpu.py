"""NumPy is imported with one BLAS thread everywhere and without its AVX-512 sort on AMD Zen 4, where
that sort is several times slower than its AVX2 one; a user's own settings are kept."""
from __future__ import annotations

import json
import os
import platform
import subprocess
import sys

import pytest

from edition.search import cpu
from tests.conftest import ROOT

ONE_BLAS_THREAD = {"OPENBLAS_NUM_THREADS": "1"}
NO_AVX512_SORT = {"NPY_DISABLE_CPU_FEATURES": "X86_V4 AVX512_ICL AVX512_SPR"}


def cpuinfo(vendor: str, family: int, flags: str) -> str:
    processor = f"processor\t: 0\nvendor_id\t: {vendor}\ncpu family\t: {family}\nmodel\t\t: 17\nflags\t\t: {flags}\n"
    return processor + "\n" + processor.replace(": 0", ": 1")


ZEN4 = cpuinfo("AuthenticAMD", 25, "fpu sse2 avx avx2 avx512f avx512dq avx512bw")
ZEN3 = cpuinfo("AuthenticAMD", 25, "fpu sse2 avx avx2")
ZEN5 = cpuinfo("AuthenticAMD", 26, "fpu sse2 avx avx2 avx512f avx512dq avx512bw")
ICE_LAKE = cpuinfo("GenuineIntel", 6, "fpu sse2 avx avx2 avx512f avx512dq avx512bw")


def test_only_zen_4_leaves_out_the_avx512_targets():
    assert cpu.numpy_environment(ZEN4) == ONE_BLAS_THREAD | NO_AVX512_SORT
    assert [cpu.numpy_environment(text) for text in (ZEN3, ZEN5, ICE_LAKE, "")] == [ONE_BLAS_THREAD] * 4


def test_the_settings_are_made_unless_the_user_made_them_or_numpy_is_already_in(tmp_path):
    (tmp_path / "cpuinfo").write_text(ZEN4)
    environ = {}
    cpu.prepare_numpy(environ, tmp_path / "cpuinfo", modules={})
    assert environ == ONE_BLAS_THREAD | NO_AVX512_SORT
    users = {"NPY_DISABLE_CPU_FEATURES": "", "OPENBLAS_NUM_THREADS": "4"}  # empty: NumPy's own choice
    cpu.prepare_numpy(users, tmp_path / "cpuinfo", modules={})
    assert users == {"NPY_DISABLE_CPU_FEATURES": "", "OPENBLAS_NUM_THREADS": "4"}
    too_late = {}  # NumPy read the variables when it was imported: setting them now would say what is not so
    cpu.prepare_numpy(too_late, tmp_path / "cpuinfo", modules={"numpy": object()})
    assert too_late == {}
    elsewhere = {}
    cpu.prepare_numpy(elsewhere, tmp_path / "missing", modules={})
    assert elsewhere == ONE_BLAS_THREAD


@pytest.mark.skipif(platform.machine() not in ("x86_64", "AMD64"), reason="NumPy's x86 targets exist only on x86")
def test_the_targets_left_out_are_the_installed_numpys_avx512_ones():
    from numpy._core._multiarray_umath import __cpu_dispatch__

    assert set(cpu.AVX512_TARGETS) == {target for target in __cpu_dispatch__ if target != "X86_V3"}


def numpy_after_importing_the_search() -> dict:
    environ = {k: v for k, v in os.environ.items() if k not in ("NPY_DISABLE_CPU_FEATURES", "OPENBLAS_NUM_THREADS")}
    probe = ("import edition.search, json, os, numpy\n"
             "from numpy._core._multiarray_umath import __cpu_features__ as f\n"
             "print(json.dumps({'threads': len(os.listdir('/proc/self/task')),"
             " 'targets': {t: f.get(t, False) for t in ('X86_V3', 'X86_V4')}}))")
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=environ, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


@pytest.mark.skipif(not os.path.isdir("/proc/self/task"), reason="counting a process's threads needs Linux's /proc")
def test_numpy_starts_no_blas_threads_in_the_build():
    assert numpy_after_importing_the_search()["threads"] == 1


@pytest.mark.skipif(not cpu.has_slow_compress_store(cpu.CPUINFO.read_text() if cpu.CPUINFO.exists() else ""),
                    reason="this processor is not a Zen 4: NumPy's own choice of sort stands")
def test_on_zen_4_the_build_sorts_with_avx2():
    assert numpy_after_importing_the_search()["targets"] == {"X86_V3": True, "X86_V4": False}
