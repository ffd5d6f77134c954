"""The OpenVINO runner's knobs without the OCR models: precision settings per model, caches, outputs.

A tiny model built in OpenVINO itself (the mean over the channels, a map the
size of its input, like the detector's) stands in for PP-OCR, so these run in
a second and need no model files.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from extract.engines import ModelMissingError
from extract.engines.openvino_runtime import (
    PRECISION_CHOICES,
    RUNTIME_CACHE_CAPACITY,
    OpenVinoRunner,
    check_precision,
    cpu_config,
    int8_dir,
    model_file,
    model_precision,
)


def test_precision_settings_per_model() -> None:
    table = {
        "auto": ("auto", "auto", "auto"),
        "f32": ("f32", "f32", "f32"),
        "bf16": ("bf16", "bf16", "bf16"),
        "bf16-det": ("bf16", "f32", "f32"),
        "bf16-rec": ("f32", "bf16", "f32"),
        "int8-det": ("int8", "f32", "f32"),
        "int8": ("int8", "int8", "f32"),  # the flip classifier is never quantised
    }
    assert set(table) == set(PRECISION_CHOICES)
    for setting, wanted in table.items():
        assert tuple(model_precision(setting, kind) for kind in ("det", "rec", "cls")) == wanted
    assert model_precision(" BF16-Det ", "det") == "bf16"  # as typed in an env file
    with pytest.raises(ValueError, match="FILINGDESK_OCR_PRECISION"):
        check_precision("fp16")
    with pytest.raises(ValueError, match="kind"):
        model_precision("f32", "layout")


def test_int8_files_come_from_the_quantize_command(tmp_path: Path) -> None:
    onnx = tmp_path / "inference.onnx"
    assert model_file(onnx, "det", "f32", tmp_path) == onnx
    with pytest.raises(ModelMissingError, match=r"bench\.quantize"):
        model_file(onnx, "det", "int8", tmp_path)
    made = int8_dir(tmp_path) / "PP-OCRv5_mobile_det.int8.xml"
    made.parent.mkdir(parents=True)
    made.write_text("<net/>")
    assert model_file(onnx, "det", "int8", tmp_path) == made


def _mean_map_model(path: Path) -> Path:
    """An OpenVINO IR computing the channel mean: a (N, 1, H, W) map of a (N, 3, H, W) input."""
    import openvino as ov
    import openvino.opset13 as ops

    x = ops.parameter([-1, 3, -1, -1], np.float32, name="x")
    mean = ops.reduce_mean(x, ops.constant(np.array([1], np.int64)), keep_dims=True)
    ov.save_model(ov.Model([mean], [x], "mean_map"), str(path))
    return path


def test_outputs_are_the_requests_own_buffers_until_the_next_call(tmp_path: Path) -> None:
    runner = OpenVinoRunner(_mean_map_model(tmp_path / "mean.xml"), 1, tmp_path, "f32")
    x = np.zeros((1, 3, 6, 9), np.float32)
    x[0, :, 2:4, 3:7] = 3.0  # a "text line" at rows 2-3, columns 3-6
    out = runner(x=[x])[0]
    assert out.shape == (1, 1, 6, 9)
    ys, xs = np.nonzero(out[0, 0] > 1.0)
    assert (ys.min(), ys.max(), xs.min(), xs.max()) == (2, 3, 3, 6)
    kept = out.copy()
    runner(x=[np.ones((1, 3, 6, 9), np.float32)])
    np.testing.assert_array_equal(kept[0, 0, 2:4, 3:7], 3.0)  # a caller's copy is its own


def test_runner_bounds_the_per_shape_kernel_cache(tmp_path: Path) -> None:
    assert cpu_config(2, "f32")["CPU_RUNTIME_CACHE_CAPACITY"] == RUNTIME_CACHE_CAPACITY
    runner = OpenVinoRunner(_mean_map_model(tmp_path / "mean.xml"), 1, tmp_path, "f32")  # the plugin takes it
    recorded: list[np.ndarray] = []
    runner.record = recorded
    for width in (5, 9, 13):
        runner(x=[np.ones((1, 3, 4, width), np.float32)])
    assert [a.shape[-1] for a in recorded] == [5, 9, 13]  # calibration sees exactly what the model saw
