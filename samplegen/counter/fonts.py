"""The CJK fonts installed on the machine, by the role a printed page gives them.

Song (宋体) for printed forms, Kai (楷体) for handwriting, Hei (黑体) for headings and card labels,
Ming as a second serif. Each role lists families in order of preference; the first one
installed wins, so the generator runs wherever any CJK font is present.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PIL import ImageFont

FontT = ImageFont.FreeTypeFont

_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"))

ROLES: dict[str, tuple[str, ...]] = {
    "song": ("Noto Serif CJK SC", "AR PL UMing CN", "Noto Sans CJK SC"),
    "song_bold": ("Noto Serif CJK SC/Bold", "Noto Serif CJK SC", "Noto Sans CJK SC"),
    "kai": ("AR PL UKai CN", "AR PL UMing CN", "Noto Serif CJK SC"),
    "hei": ("Noto Sans CJK SC", "WenQuanYi Zen Hei", "Noto Serif CJK SC"),
    "hei_bold": ("Noto Sans CJK SC/Bold", "Noto Sans CJK SC", "WenQuanYi Zen Hei"),
    "ming": ("AR PL UMing CN", "Noto Serif CJK SC", "Noto Sans CJK SC"),
    "wqy": ("WenQuanYi Zen Hei", "Noto Sans CJK SC", "Noto Serif CJK SC"),
    "mono": ("Noto Sans Mono CJK SC", "WenQuanYi Zen Hei Mono", "Noto Sans CJK SC"),
}


@cache
def _catalogue() -> dict[str, tuple[str, int]]:
    """'Family' and 'Family/Style' -> (file, index in the collection)."""
    found: dict[str, tuple[str, int]] = {}
    for root in _DIRS:
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            if path.suffix.lower() not in (".ttc", ".ttf", ".otf"):
                continue
            for index in range(12):
                try:
                    face = ImageFont.truetype(str(path), 12, index=index)
                except OSError:
                    break
                family, style = face.getname()
                key_style = f"{family}/{style}"
                found.setdefault(key_style, (str(path), index))
                if style in ("Regular", "Book", "Light"):
                    found.setdefault(str(family), (str(path), index))
    return found


@cache
def font(role: str, px: int) -> FontT:
    """A font of ``role`` at ``px`` pixels (cached)."""
    cat = _catalogue()
    for family in ROLES[role]:
        if family in cat:
            path, index = cat[family]
            return ImageFont.truetype(path, max(6, int(px)), index=index)
    if not cat:
        raise RuntimeError("no CJK font installed (fc-list :lang=zh shows none)")
    path, index = next(iter(cat.values()))
    return ImageFont.truetype(path, max(6, int(px)), index=index)


def has_font(role: str) -> bool:
    """Whether a family of ``role`` is installed (not only a fallback)."""
    return any(f in _catalogue() for f in ROLES[role])
