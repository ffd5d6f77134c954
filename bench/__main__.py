"""``python -m bench``: the pipeline benchmark per OCR engine (see ``bench.bench_pipeline``)."""

from __future__ import annotations

from bench.bench_pipeline import main

if __name__ == "__main__":
    main()
