"""Benchmarks: ``python -m bench`` (OCR engines and the whole pipeline), API, queue."""
