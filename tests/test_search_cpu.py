"""NumPy's AVX-512 sort is left out on AMD Zen 4, where it is several times slower than its AVX2 sort,
and nowhere else; a user's own NPY_DISABLE_CPU_FEATURES is kept."""
from __future__ import annotations

import json
import os
import platform
import subprocess
import sys

import pytest

from edition.search import cpu
from tests.conftest import ROOT


def cpuinfo(vendor: str, family: int, flags: str) -> str:
    processor = f"processor\t: 0\nvendor_id\t: {vendor}\ncpu family\t: {family}\nmodel\t\t: 17\nflags\t\t: {flags}\n"
    return processor + "\n" + processor.replace(": 0", ": 1")


ZEN4 = cpuinfo("AuthenticAMD", 25, "fpu sse2 avx avx2 avx512f avx512dq avx512bw")
ZEN3 = cpuinfo("AuthenticAMD", 25, "fpu sse2 avx avx2")
ZEN5 = cpuinfo("AuthenticAMD", 26, "fpu sse2 avx avx2 avx512f avx512dq avx512bw")
ICE_LAKE = cpuinfo("GenuineIntel", 6, "fpu sse2 avx avx2 avx512f avx512dq avx512bw")


def test_only_zen_4_leaves_out_the_avx512_targets():
    assert cpu.targets_to_leave_out(ZEN4) == "X86_V4 AVX512_ICL AVX512_SPR"
    assert [cpu.targets_to_leave_out(text) for text in (ZEN3, ZEN5, ICE_LAKE, "")] == [None] * 4


def test_the_setting_is_made_unless_the_user_made_one(tmp_path):
    (tmp_path / "cpuinfo").write_text(ZEN4)
    environ = {}
    cpu.keep_numpy_off_slow_sorts(environ, tmp_path / "cpuinfo", modules={})
    assert environ == {"NPY_DISABLE_CPU_FEATURES": "X86_V4 AVX512_ICL AVX512_SPR"}
    users = {"NPY_DISABLE_CPU_FEATURES": ""}  # empty: NumPy's own choice, as the benchmark's A/B runs ask
    cpu.keep_numpy_off_slow_sorts(users, tmp_path / "cpuinfo", modules={})
    assert users == {"NPY_DISABLE_CPU_FEATURES": ""}
    too_late = {}  # NumPy read the variable when it was imported: setting it now would say what is not so
    cpu.keep_numpy_off_slow_sorts(too_late, tmp_path / "cpuinfo", modules={"numpy": object()})
    (tmp_path / "cpuinfo").write_text(ICE_LAKE)
    environ = {}
    cpu.keep_numpy_off_slow_sorts(environ, tmp_path / "cpuinfo", modules={})
    cpu.keep_numpy_off_slow_sorts(environ, tmp_path / "missing", modules={})
    assert environ == too_late == {}


@pytest.mark.skipif(platform.machine() not in ("x86_64", "AMD64"), reason="NumPy's x86 targets exist only on x86")
def test_the_targets_left_out_are_the_installed_numpys_avx512_ones():
    from numpy._core._multiarray_umath import __cpu_dispatch__

    assert set(cpu.AVX512_TARGETS) == {target for target in __cpu_dispatch__ if target != "X86_V3"}


def numpy_targets_after_importing_the_search() -> dict[str, bool]:
    environ = {k: v for k, v in os.environ.items() if k != "NPY_DISABLE_CPU_FEATURES"}
    probe = ("import edition.search, json\n"
             "from numpy._core._multiarray_umath import __cpu_features__ as f\n"
             "print(json.dumps({t: f.get(t, False) for t in ('X86_V3', 'X86_V4')}))")
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=environ, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


@pytest.mark.skipif(not cpu.has_slow_compress_store(cpu.CPUINFO.read_text() if cpu.CPUINFO.exists() else ""),
                    reason="this processor is not a Zen 4: NumPy's own choice of sort stands")
def test_on_zen_4_the_build_sorts_with_avx2():
    assert numpy_targets_after_importing_the_search() == {"X86_V3": True, "X86_V4": False}
