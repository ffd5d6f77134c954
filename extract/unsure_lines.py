"""The lines the page's recogniser read unsurely, read again by a second one: the surer reading stays.

PP-OCRv5 mobile (the page engine) and PP-OCRv6 small were trained apart and
misread different lines: on the blurred, low-resolution and photographed pages
where v5 is unsure of a line, v6 often reads it whole (a name, a digit of an ID,
an address). Reading every line twice would cost a second recognition a line;
the lines v5 scores under ``UNSURE`` are about one in seven (measured on the
samples and the development sets: 312 of about 2300 lines), so only those go to
the second recogniser, and its reading replaces v5's where it scores higher.
Lines holding check-box glyphs keep v5's reading: the tick is read from the
glyphs v5 gives them (``extract.fields.marks``), and v6 reads box glyphs
differently.
"""

from __future__ import annotations

from dataclasses import replace

from extract.engines.lines import crop_quad
from extract.types import Recogniser
from kernel.reading import Image, TextLine

UNSURE = 0.9  # a page line scored under this is read again
MARGIN = 0.02  # and the second reading replaces it when it scores this much higher
BOX_GLYPHS = frozenset("☑☒✓✔√■▣●◉✗✘☐□○◯")


def reread_unsure(image: Image, lines: list[TextLine], second: Recogniser | None) -> list[TextLine]:
    """``lines`` with each unsure line's text replaced by the second recogniser's surer reading."""
    if second is None:
        return lines
    unsure = [
        i
        for i, ln in enumerate(lines)
        if ln.confidence < UNSURE and len(ln.polygon) == 4 and not BOX_GLYPHS & set(ln.text)
    ]
    if not unsure:
        return lines
    readings = second.recognize([crop_quad(image, lines[i].polygon) for i in unsure])
    out = list(lines)
    for i, (text, score) in zip(unsure, readings, strict=False):
        if text and text != out[i].text and score > out[i].confidence + MARGIN:
            out[i] = replace(out[i], text=text, confidence=score)
    return out
