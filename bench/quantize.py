"""``python -m bench.quantize``: int8 PP-OCR det/rec models for OpenVINO, calibrated on our own pages.

Issue 20 asks whether NNCF's post-training quantisation keeps the reading
while making it faster. Quantised files are made here, from the models in the
installed wheels and the committed sample scans, into a local folder (by
default ``FILINGDESK_HOME/cache/openvino-int8``, where the runtime looks for
them when ``FILINGDESK_OCR_PRECISION`` asks for int8): never downloaded, never
committed, and no test depends on them. Calibration data are the exact tensors
the runners are given while reading the sample scans (the detector's page
inputs and the recogniser's line strips), so the value ranges NNCF picks are
those of this service's pages.
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]


def calibration_inputs(folder: Path, max_rec: int) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """(det inputs, rec inputs) as the f32 OpenVINO runners receive them on ``folder``'s scans."""
    import cv2

    from extract.engines import load_ocr
    from extract.engines.openvino_runtime import OpenVinoRunner
    from extract.engines.paddle import PaddleOcrEngine
    from extract.preprocess import u8
    from kernel.settings import Settings

    settings = Settings(ocr_engine="paddleocr-openvino", ocr_precision="f32")
    engine = load_ocr(settings)
    assert isinstance(engine, PaddleOcrEngine)
    seen: dict[str, list[np.ndarray]] = {"det": [], "rec": []}
    for kind, predictor in (("det", engine._det), ("rec", engine._rec)):
        runner = predictor.paddlex_predictor.runner
        assert isinstance(runner, OpenVinoRunner)
        runner.record = seen[kind]
    scans = sorted(p for p in folder.rglob("*") if p.suffix.lower() in {".jpg", ".png", ".tif"})
    for scan in scans:
        image = cv2.imread(str(scan))
        if image is not None:
            engine.read(u8(image))
    rec = seen["rec"]
    random.Random(20).shuffle(rec)
    return seen["det"], rec[:max_rec]


def quantize(onnx: Path, inputs: list[np.ndarray], out: Path, transformer: bool) -> Path:
    """NNCF post-training int8 of one ONNX file, saved as OpenVINO IR at ``out`` (.xml + .bin)."""
    try:
        import nncf
    except ImportError as missing:  # a measuring tool, not a dependency of the service
        raise SystemExit("bench.quantize needs NNCF: pip install nncf (not a dependency)") from missing
    import openvino as ov

    model = ov.Core().read_model(str(onnx))
    quantized = nncf.quantize(
        model,
        nncf.Dataset(inputs),
        subset_size=len(inputs),
        model_type=nncf.ModelType.TRANSFORMER if transformer else None,
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    ov.save_model(quantized, str(out))
    return out


def main(argv: list[str] | None = None) -> None:
    from extract.engines.openvino_runtime import INT8_MODELS, int8_dir
    from extract.engines.paddle import resolve_model_dirs
    from kernel.settings import Settings

    ap = argparse.ArgumentParser(
        prog="python -m bench.quantize", description=__doc__.splitlines()[0] if __doc__ else None
    )
    ap.add_argument("--pages", type=Path, default=ROOT / "samples", help="Scans to calibrate on.")
    ap.add_argument(
        "--out", type=Path, default=None, help="Folder for the IR files (default: home/cache/openvino-int8)."
    )
    ap.add_argument("--models", default="det,rec", help="Which models: det, rec or both.")
    ap.add_argument("--max-rec", type=int, default=300, help="Line strips to calibrate the recogniser on.")
    args = ap.parse_args(argv)
    settings = Settings()
    out = args.out or int8_dir(settings.cache_dir)
    det_dir, rec_dir = resolve_model_dirs(settings)
    det_inputs, rec_inputs = calibration_inputs(args.pages, args.max_rec)
    jobs: dict[str, tuple[Path, list[np.ndarray], bool]] = {
        "det": (det_dir / "inference.onnx", det_inputs, False),
        "rec": (rec_dir / "inference.onnx", rec_inputs, True),
    }
    for kind in [k.strip() for k in args.models.split(",") if k.strip()]:
        onnx, inputs, transformer = jobs[kind]
        start = time.perf_counter()
        path = quantize(onnx, inputs, out / INT8_MODELS[kind], transformer)
        print(f"{kind}: {len(inputs)} calibration inputs -> {path} ({time.perf_counter() - start:.0f} s)")


if __name__ == "__main__":
    main()
