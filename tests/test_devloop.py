"""The development loop's reading cache: a stored reading comes back as it was, keyed by page."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from evaluation.devloop import cached_reader, code_hash
from extract.types import PageReading, TextLine
from ingest.types import SourcePage


def test_reading_is_read_once_then_loaded(tmp_path: Path) -> None:
    calls: list[int] = []

    def read(page: SourcePage, _engines: object, _settings: object) -> PageReading:
        calls.append(page.page)
        return PageReading(page=page.page, width=10, height=20, lines=[TextLine("姓名", (1, 2, 3, 4), 0.9)])

    reader, counts = cached_reader(tmp_path, "paddleocr", "abc", read)
    image = np.zeros((20, 10, 3), np.uint8)
    first = SourcePage(source="a.jpg", page=1, image=image, file_sha256="f" * 64)
    second = SourcePage(source="a.jpg", page=2, image=image, file_sha256="f" * 64)
    a = reader(first, None, None)  # type: ignore[arg-type]
    again = reader(first, None, None)  # type: ignore[arg-type]
    other = reader(second, None, None)  # type: ignore[arg-type]
    assert calls == [1, 2] and counts == {"hit": 1, "read": 2}
    assert again.lines == a.lines and other.page == 2


def test_code_hash_follows_the_reading_code() -> None:
    root = Path(__file__).resolve().parent.parent
    assert code_hash(root) == code_hash(root) and len(code_hash(root)) == 12
