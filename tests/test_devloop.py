"""The development loop's reading cache: a stored reading comes back as it was, keyed by page."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np

from bench.code_closure import import_closure
from bench.devloop import READING_ROOTS, cached_reader, code_hash
from kernel.inputs import SourcePage
from kernel.reading import PageReading, TextLine


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


def test_code_hash_follows_the_reading_code(tmp_path: Path) -> None:
    """A change to any module a reading imports changes the key; a change elsewhere does not."""
    root = Path(__file__).resolve().parent.parent
    for package in ("extract", "kernel", "ingest"):
        shutil.copytree(root / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__"))
    closure = import_closure(tmp_path, READING_ROOTS)
    # the two modules a hand-kept list once left out, the engines, and a type the reading is made of
    assert {"extract.seal_ink", "extract.simplify", "extract.engines.paddle", "kernel.reading"} <= set(
        closure
    )
    assert "extract.fields" not in closure  # fields are found from the reading, not part of it
    before = code_hash(tmp_path)
    for name in ("extract.seal_ink", "extract.simplify", "extract.engines.paddle", "kernel.inputs"):
        source = closure[name]
        original = source.read_text(encoding="utf-8")
        source.write_text(original + "\n# changed\n", encoding="utf-8")
        assert code_hash(tmp_path) != before, name
        source.write_text(original, encoding="utf-8")
    assert code_hash(tmp_path) == before
    fields = tmp_path / "extract" / "fields" / "__init__.py"
    fields.write_text(fields.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert code_hash(tmp_path) == before
