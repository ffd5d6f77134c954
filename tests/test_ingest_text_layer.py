"""Text-layer lines of digital PDFs: cut where a form leaves wide gaps, as OCR would."""

from __future__ import annotations

from ingest.pdf import split_at_gaps


def _chars(text: str, x0: float, size: float = 10.0) -> list[dict[str, object]]:
    return [
        {"text": ch, "x0": x0 + i * size, "x1": x0 + (i + 1) * size, "top": 100.0, "bottom": 100.0 + size}
        for i, ch in enumerate(text)
    ]


def test_text_layer_line_is_cut_at_wide_gaps() -> None:
    chars = _chars("联系电话", 100) + _chars("0371-7616114", 300)
    line = {
        "text": "联系电话 0371-7616114",
        "x0": 100.0,
        "x1": 420.0,
        "top": 100.0,
        "bottom": 110.0,
        "chars": chars,
    }
    parts = split_at_gaps(line)
    assert [p["text"] for p in parts] == ["联系电话", "0371-7616114"]
    assert parts[0]["x1"] == 140.0 and parts[1]["x0"] == 300.0


def test_text_layer_line_with_word_spaces_stays_whole() -> None:
    chars = _chars("姓名", 100) + _chars("张三", 125)  # a space-wide gap is not a field boundary
    line = {"text": "姓名 张三", "x0": 100.0, "x1": 145.0, "top": 100.0, "bottom": 110.0, "chars": chars}
    assert split_at_gaps(line) == [line]
