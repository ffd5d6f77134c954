"""The pipeline benchmark's worker: real engine, two timed passes, medians and accuracy reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.bench_pipeline import as_json, default_engines, parse_route, pick_packets, worker

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def test_pick_packets_stops_once_enough_pages() -> None:
    packets = pick_packets(SAMPLES, 2)
    assert packets and packets == sorted(packets)
    assert len(packets) < len(pick_packets(SAMPLES, None))


@pytest.mark.slow
def test_worker_times_both_sides_over_repeated_passes() -> None:
    row = worker("paddleocr", SAMPLES, pages=2, repeat=2)
    assert row["repeat"] == 2
    assert row["pages"] >= 2  # whole packets: at least the pages asked for
    assert 1 <= row["raw_pages"] <= row["pages"]
    # the pipeline does the raw call's work and more on every OCR'd page (a margin for the noise of
    # two pages); taking the raw calls out of the pipeline's clock twice would halve it
    assert row["pipeline_s_ocr_page"] > 0.8 * row["raw_s_page"] > 0
    assert 0.5 <= row["fields"] <= 1.0  # scored against the packets' truth, not a placeholder
    assert row["rss_mb"] > 100  # models loaded in this process
    [printed] = as_json([row], {})["engines"]
    assert set(printed) == {
        "engine",
        "runtime",
        "precision",
        "default",
        "pages",
        "raw_ocr_s_per_page",
        "pipeline_s_per_page",
        "non_ocr_ms_per_page",
        "peak_rss_mb",
        "field_acc",
        "doc_type_acc",
        "seal_f1",
    }
    assert printed["default"] is True and printed["runtime"] in ("onnxruntime", "openvino")
    # the pipeline's own work: its clock on the OCR'd pages less the raw calls' (no timed bound here:
    # a busy machine makes either side slower; bench/ reports the figure)
    assert printed["non_ocr_ms_per_page"] == pytest.approx(
        (row["pipeline_s_ocr_page"] - row["raw_s_page"]) * 1000
    )


def test_without_engines_the_bench_runs_the_default_route_and_the_other_runtime() -> None:
    from extract.engines import ocr_runtime
    from kernel.settings import Settings

    names = default_engines()
    assert names[0] == Settings().ocr_engine
    runtimes = {ocr_runtime(Settings(ocr_engine=n)) for n in names}
    assert runtimes == {"onnxruntime", "openvino"}


def test_route_may_name_its_precision() -> None:
    assert parse_route("paddleocr-openvino:bf16-det") == ("paddleocr-openvino", "bf16-det")
    assert parse_route(" paddleocr ") == ("paddleocr", None)
