"""Fonts for printed forms, handwriting and seal engravings (the CJK fonts of the system)."""

from __future__ import annotations

from functools import lru_cache

from PIL import ImageFont

_NOTO = "/usr/share/fonts/opentype/noto/"
_ARPHIC = "/usr/share/fonts/truetype/arphic/"

# name -> (file, face index of the simplified-Chinese face)
FACES: dict[str, tuple[str, int]] = {
    "serif": (_NOTO + "NotoSerifCJK-Regular.ttc", 2),
    "serif_bold": (_NOTO + "NotoSerifCJK-Bold.ttc", 2),
    "sans": (_NOTO + "NotoSansCJK-Regular.ttc", 2),
    "sans_bold": (_NOTO + "NotoSansCJK-Bold.ttc", 2),
    "kai": (_ARPHIC + "ukai.ttc", 0),
    "ming": (_ARPHIC + "uming.ttc", 0),
}


@lru_cache(maxsize=256)
def font(face: str, size_px: int) -> ImageFont.FreeTypeFont:
    """The named face at a pixel size (cached)."""
    path, index = FACES[face]
    return ImageFont.truetype(path, max(4, int(size_px)), index=index)
