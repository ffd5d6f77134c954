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
# Whole-route settings first, then mixed ones: bf16 or int8 for one model, f32 for the others
# (bf16 everywhere changed characters on six sets, issue 20; a model's own setting may not).
PRECISION_CHOICES = ("auto", "bf16", "f32", "bf16-det", "bf16-rec", "int8-det", "int8")
MODEL_KINDS = ("det", "rec", "cls")
# IR files ``python -m bench.quantize`` writes (NNCF post-training int8, calibrated on our pages)
INT8_MODELS = {"det": "PP-OCRv5_mobile_det.int8.xml", "rec": "PP-OCRv5_mobile_rec.int8.xml"}

# Entries the CPU plugin keeps in its per-shape kernel cache (its default is 5000). Every new input
# shape of a dynamic model compiles kernels for every layer and keeps them; the recogniser sees a
# new width with almost every line, so over a worker's life that cache, not the models, is what
# its memory grew by (issue 20: 1440 MB peak on the samples, 835 MB with this bound). Padding the
# recogniser's input to fixed widths instead would bound the shapes and keep them all compiled,
# but it changes what is read (a date's 2026 read as 2020 on unseen 2026), so the widths stay exact.
RUNTIME_CACHE_CAPACITY = 20


def openvino_cache_dir(cache_dir: Path) -> Path:
    """Where compiled OpenVINO blobs live (one file per model and device config)."""
    return Path(cache_dir).resolve() / "openvino"


def int8_dir(cache_dir: Path) -> Path:
    """Where ``python -m bench.quantize`` puts the int8 IR files, and the runtime looks for them."""
    return Path(cache_dir).resolve() / "openvino-int8"


def model_precision(setting: str, kind: str) -> str:
    """What one model (``det``, ``rec`` or ``cls``) computes in under a ``FILINGDESK_OCR_PRECISION``.

    ``auto``/``bf16``/``f32`` apply to every model; ``bf16-det``/``bf16-rec`` put one model
    in bf16 and the others in f32; ``int8-det``/``int8`` run the quantised detector (and
    recogniser) from ``int8_dir``, f32 elsewhere. The 0.6 MB flip classifier is never
    quantised: it decides whether a page is upside down, and costs a millisecond.
    """
    precision = check_precision(setting)
    if kind not in MODEL_KINDS:
        raise ValueError(f"Unknown model kind {kind!r}; one of {MODEL_KINDS}")
    if precision in ("auto", "bf16", "f32"):
        return precision
    mode, _, only = precision.partition("-")
    if mode == "int8" and not only:
        return "int8" if kind in INT8_MODELS else "f32"
    return mode if kind == only else "f32"


def cpu_precision(core: Any) -> str:
    """``bf16`` where the CPU computes it natively, else ``f32``."""
    capabilities = core.get_property("CPU", "OPTIMIZATION_CAPABILITIES")
    return "bf16" if "BF16" in [str(c).upper() for c in capabilities] else "f32"


def compile_onnx(model_path: Path, threads: int, cache_dir: Path, precision: str = "auto") -> Any:
    """An OpenVINO ``CompiledModel`` for an ONNX (or IR) file on the CPU, using the on-disk cache.

    ``precision`` is ``auto`` (bf16 where the CPU has it), ``bf16`` or ``f32``. The
    per-shape kernel cache is bounded (``RUNTIME_CACHE_CAPACITY``) so memory does not
    follow the number of line widths a worker has seen.
    """
    import openvino as ov

    core = ov.Core()
    cache = openvino_cache_dir(cache_dir)
    cache.mkdir(parents=True, exist_ok=True)
    core.set_property({"CACHE_DIR": str(cache)})
    chosen = cpu_precision(core) if precision == "auto" else precision
    return core.compile_model(str(model_path), "CPU", cpu_config(threads, chosen))


def cpu_config(threads: int, precision: str) -> dict[str, Any]:
    """The CPU plugin's properties: one latency stream, ``threads`` threads, a bounded shape cache."""
    return {
        "INFERENCE_NUM_THREADS": max(1, int(threads)),
        "NUM_STREAMS": 1,
        "PERFORMANCE_HINT": "LATENCY",
        "INFERENCE_PRECISION_HINT": precision,
        "CPU_RUNTIME_CACHE_CAPACITY": RUNTIME_CACHE_CAPACITY,
    }


def model_file(onnx: Path, kind: str, precision: str, cache_dir: Path) -> Path:
    """The file to compile: the ONNX file itself, or its int8 IR when ``precision`` is ``int8``."""
    if precision != "int8":
        return Path(onnx)
    from extract.engines import ModelMissingError

    path = int8_dir(cache_dir) / INT8_MODELS[kind]
    if not path.is_file():
        raise ModelMissingError(
            f"int8 model {path} not found: FILINGDESK_OCR_PRECISION asks for int8; make it with "
            "`python -m bench.quantize` (calibrated on the sample pages) or choose another precision."
        )
    return path


def runner_for(kind: str, onnx: Path, threads: int, cache_dir: Path, setting: str) -> OpenVinoRunner:
    """The OpenVINO runner for one PP-OCR model under a ``FILINGDESK_OCR_PRECISION`` setting."""
    precision = model_precision(setting, kind)
    path = model_file(onnx, kind, precision, cache_dir)
    # int8 layers run in int8 whatever the hint; the layers left in float stay f32
    return OpenVinoRunner(path, threads, cache_dir, "f32" if precision == "int8" else precision)


class OpenVinoRunner:
    """Drop-in for paddlex's ``ONNXRuntimeRunner``: ``runner(x=[batch]) -> [outputs]``.

    ``record``: a list the inputs are appended to (calibration data for
    ``bench.quantize``, which wants exactly what the model is given).
    """

    def __init__(
        self,
        model_path: Path,
        threads: int,
        cache_dir: Path,
        precision: str = "auto",
    ) -> None:
        self.model_path = Path(model_path)
        self._compiled = compile_onnx(self.model_path, threads, cache_dir, check_precision(precision))
        self._request = self._compiled.create_infer_request()
        self.record: list[np.ndarray] | None = None

    @property
    def precision(self) -> str:
        return str(self._compiled.get_property("INFERENCE_PRECISION_HINT")).lower()

    def __call__(self, x: Sequence[np.ndarray] | np.ndarray | None = None, **kwargs: Any) -> list[np.ndarray]:
        if x is None:
            x = kwargs["x"]
        batches = [x] if isinstance(x, np.ndarray) else list(x)
        inputs = [np.ascontiguousarray(a, dtype=np.float32) for a in batches]
        if self.record is not None:
            self.record.append(inputs[0].copy())
        # No copies either way: the inputs are read in place, and the outputs are the request's own
        # buffers, valid until the next call. Every caller (paddlex's det/rec post-processing, the
        # flip classifier) decodes a batch before it runs the next one; copying the recogniser's
        # (1, T, 18385) scores cost about as much as decoding them.
        result = self._request.infer(inputs, share_inputs=True, share_outputs=True)
        return [result[out] for out in self._compiled.outputs]

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
