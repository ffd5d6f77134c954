"""Running text with values set into it (a certificate's 兹证明 … paragraph), wrapping at the
margin and remembering each value's box."""

from __future__ import annotations

from dataclasses import dataclass, field

from samplegen.counter.canvas import INK, RGB, Sheet
from samplegen.counter.fonts import FontT, font
from samplegen.counter.geometry import Box, union
from samplegen.counter.pen import Writer


@dataclass
class Flow:
    sheet: Sheet
    x0: float
    x1: float
    y: float  # baseline of the current line
    role: str
    px: int
    line_h: float
    ink: RGB = INK
    x: float = field(init=False)

    def __post_init__(self) -> None:
        self.x = self.x0

    @property
    def fnt(self) -> FontT:
        return font(self.role, self.px)

    def newline(self, indent_chars: float = 0.0) -> None:
        self.y += self.line_h
        self.x = self.x0 + indent_chars * self.px

    def paragraph(self) -> None:
        self.newline(2.0)

    def text(self, s: str) -> None:
        """Printed words, wrapped character by character."""
        for ch in s:
            w = self.fnt.getlength(ch)
            if self.x + w > self.x1:
                self.newline()
            self.sheet.text((self.x, self.y), ch, self.fnt, fill=self.ink)
            self.x += w

    def value(self, s: str, writer: Writer | None = None, underline: bool = False, pad: float = 0.0) -> Box:
        """A value, kept on one line where it fits; handwritten if ``writer`` writes by hand."""
        fnt = self.fnt if writer is None or writer.hand is False else font("kai", writer.px)
        width = fnt.getlength(s) * (1.05 if writer is not None and writer.hand else 1.0) + 2 * pad
        if self.x + width > self.x1 and width <= self.x1 - self.x0:
            self.newline()
        boxes: list[Box | None] = []
        if self.x + width <= self.x1:
            boxes.append(self._put(s, writer, pad))
        else:  # longer than a line: split it
            rest = s
            while rest:
                room = self.x1 - self.x - 2 * pad
                n = 1
                while n < len(rest) and fnt.getlength(rest[: n + 1]) <= room:
                    n += 1
                boxes.append(self._put(rest[:n], writer, pad))
                rest = rest[n:]
                if rest:
                    self.newline()
        box = union(boxes) or (self.x, self.y - self.px, self.x + 1, self.y)
        if underline:
            for b in boxes:
                if b is not None:
                    y = self.y + self.px * 0.22 if b is boxes[-1] else b[3] + 3
                    self.sheet.line((b[0] - pad, y), (b[2] + pad, y), self.ink, 1)
        return box

    def _put(self, s: str, writer: Writer | None, pad: float) -> Box:
        x = self.x + pad
        if writer is None:
            box = self.sheet.text((x, self.y), s, self.fnt, fill=self.ink)
        else:
            box = writer.put(self.sheet, x, self.y, s, self.x1 - x)
        self.x = max(box[2], x + 1) + pad
        return box
