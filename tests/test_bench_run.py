"""bench/run.py: a step measured over several rounds is reported honestly."""
from __future__ import annotations

import sys

import pytest

from tests.conftest import ROOT, serve_folder

sys.path.insert(0, str(ROOT / "bench"))
import run  # noqa: E402


def step(seconds, peak=100.0, status=0, note=""):
    return run.Step("ours", "cold build", seconds, peak, peak, 58.2, 3576, status, 0.5, note)


def test_the_median_of_the_rounds_is_the_figure_and_the_largest_memory_is_kept():
    merged = run.over_rounds([step(5.05, 210.0), step(5.07, 225.2), step(4.0, 200.0)])
    assert merged.seconds == 5.05
    assert merged.seconds_each == [5.05, 5.07, 4.0]
    assert merged.peak_mib == 225.2


def test_a_failed_or_stopped_round_leaves_no_time_and_says_why():
    failed = run.over_rounds([step(2.0), step(2.1, status=1, note="exit 1; see ours-cold.log"), step(2.2)])
    assert failed.seconds is None and failed.exit_status == 1 and "exit 1" in failed.note
    stopped = run.over_rounds([step(2.0), step(None, peak=None, note="stopped after 60 s (--step-timeout)")])
    assert stopped.seconds is None and "stopped" in stopped.note and stopped.peak_mib == 100.0


def test_one_round_is_reported_as_it_was_measured():
    single = run.over_rounds([step(3.3)])
    assert single.seconds == 3.3 and single.seconds_each == []
    assert "median" not in run.table([single])
    assert "median of 3.3, 3.5" in run.table([run.over_rounds([step(3.3), step(3.5)])])


@pytest.mark.browser
def test_the_benchmark_hears_a_mark_made_before_or_after_it_starts_waiting(browser, tmp_path):
    # A mark made while the page loads (before goto returns) and one made later, from a timer.
    (tmp_path / "index.html").write_text(
        "<!doctype html><title>marks</title><script>performance.mark('early');"
        "setTimeout(function () { performance.mark('late'); }, 300);</script>", encoding="utf-8")
    server = serve_folder(tmp_path)
    context, page, marks = run.fresh_page(browser)
    try:
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/index.html")
        early = run.wait_for_mark(page, marks, "early", timeout_ms=5_000)
        late = run.wait_for_mark(page, marks, "late", timeout_ms=5_000)
        assert 0 <= early < late and late >= 300
        with pytest.raises(Exception, match="Timeout"):
            run.wait_for_mark(page, marks, "never", timeout_ms=500)
    finally:
        context.close()
        server.shutdown()


def test_a_cpuinfo_field_is_found_by_its_whole_name_model_apart_from_model_name():
    cpuinfo = "processor\t: 0\nvendor_id\t: AuthenticAMD\ncpu family\t: 25\nmodel\t\t: 1\nmodel name\t: AMD EPYC\n"
    assert run.cpuinfo_field(cpuinfo, "model") == "1"
    assert run.cpuinfo_field(cpuinfo, "model name") == "AMD EPYC"
    assert run.cpuinfo_field(cpuinfo, "cpu family") == "25"
    assert run.cpuinfo_field(cpuinfo, "stepping") is None
