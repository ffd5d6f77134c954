"""OpenVINO inference for the PP-OCR ONNX models (det, rec, text-line flip), compiled once and cached.

The same ONNX files run much faster in OpenVINO than in onnxruntime on this
CPU (issue 20: one 960x672 detection 137 ms in onnxruntime, 87 ms OpenVINO f32,
52 ms OpenVINO bf16). bf16 is asked for only where the CPU reports it in
``OPTIMIZATION_CAPABILITIES`` (AVX-512 BF16 / AMX), f32 elsewhere. Compiled
models are written to ``cache_dir/openvino`` so a second worker start skips
compilation. Nothing is downloaded: the models are the files from the wheels.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

RUNTIME_CHOICES = ("onnxruntime", "openvino")
PRECISION_CHOICES = ("auto", "bf16", "f32")


def openvino_cache_dir(cache_dir: Path) -> Path:
    """Where compiled OpenVINO blobs live (one file per model and device config)."""
    return Path(cache_dir).resolve() / "openvino"


def cpu_precision(core: Any) -> str:
    """``bf16`` where the CPU computes it natively, else ``f32``."""
    capabilities = core.get_property("CPU", "OPTIMIZATION_CAPABILITIES")
    return "bf16" if "BF16" in [str(c).upper() for c in capabilities] else "f32"


def compile_onnx(model_path: Path, threads: int, cache_dir: Path, precision: str = "auto") -> Any:
    """An OpenVINO ``CompiledModel`` for an ONNX file on the CPU, using the on-disk cache.

    ``precision`` is ``auto`` (bf16 where the CPU has it), ``bf16`` or ``f32``.
    """
    import openvino as ov

    core = ov.Core()
    cache = openvino_cache_dir(cache_dir)
    cache.mkdir(parents=True, exist_ok=True)
    core.set_property({"CACHE_DIR": str(cache)})
    config = {
        "INFERENCE_NUM_THREADS": max(1, int(threads)),
        "NUM_STREAMS": 1,
        "PERFORMANCE_HINT": "LATENCY",
        "INFERENCE_PRECISION_HINT": cpu_precision(core) if precision == "auto" else precision,
    }
    return core.compile_model(str(model_path), "CPU", config)


class OpenVinoRunner:
    """Drop-in for paddlex's ``ONNXRuntimeRunner``: ``runner(x=[batch]) -> [outputs]``."""

    def __init__(self, model_path: Path, threads: int, cache_dir: Path, precision: str = "auto") -> None:
        self.model_path = Path(model_path)
        self._compiled = compile_onnx(self.model_path, threads, cache_dir, check_precision(precision))
        self._request = self._compiled.create_infer_request()

    @property
    def precision(self) -> str:
        return str(self._compiled.get_property("INFERENCE_PRECISION_HINT")).lower()

    def __call__(
        self, x: Sequence[np.ndarray] | np.ndarray | None = None, **kwargs: Any
    ) -> list[np.ndarray]:
        if x is None:
            x = kwargs["x"]
        inputs = [x] if isinstance(x, np.ndarray) else list(x)
        result = self._request.infer([np.ascontiguousarray(a, dtype=np.float32) for a in inputs])
        return [np.array(result[out]) for out in self._compiled.outputs]

    def close(self) -> None:
        """Nothing to release explicitly (paddlex calls this on predictor close)."""


def check_precision(name: str) -> str:
    """The precision name normalised, or a ValueError naming the choices."""
    precision = name.strip().lower()
    if precision not in PRECISION_CHOICES:
        raise ValueError(
            f"Unknown OCR precision {name!r} (FILINGDESK_OCR_PRECISION); choose one of {PRECISION_CHOICES}"
        )
    return precision


def check_runtime(name: str) -> str:
    """The runtime name normalised, or a ValueError naming the choices."""
    runtime = name.strip().lower()
    if runtime not in RUNTIME_CHOICES:
        raise ValueError(
            f"Unknown OCR runtime {name!r} (FILINGDESK_OCR_RUNTIME); "
            f"choose one of: {', '.join(RUNTIME_CHOICES)}"
        )
    return runtime
