"""System CJK fonts by role, so every page draws with fonts the machine really has.

The generator must work offline, so fonts come from the system (Noto CJK, AR PL, WenQuanYi)
and are looked up by family name inside their .ttc collections: collection indices differ
between distributions, names do not.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PIL import ImageFont

_CANDIDATES: dict[str, tuple[tuple[str, str], ...]] = {
    "sans": (("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "Noto Sans CJK SC"),),
    "sans_bold": (("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", "Noto Sans CJK SC"),),
    "serif": (("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", "Noto Serif CJK SC"),),
    "serif_bold": (("/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc", "Noto Serif CJK SC"),),
    "hand": (("/usr/share/fonts/truetype/arphic/ukai.ttc", "AR PL UKai CN"),),
    "ming": (("/usr/share/fonts/truetype/arphic/uming.ttc", "AR PL UMing CN"),),
    "hei": (("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", "WenQuanYi Zen Hei"),),
}
# Roles fall back on each other when a family is missing, so a lean machine still renders.
_FALLBACK = ("sans", "hei", "ming", "serif", "hand")


@cache
def _locate(role: str) -> tuple[str, int] | None:
    for path, family in _CANDIDATES.get(role, ()):
        if not Path(path).exists():
            continue
        for index in range(12):
            try:
                font = ImageFont.truetype(path, 12, index=index)
            except OSError:
                break
            if font.getname()[0] == family:
                return path, index
    return None


@cache
def font(role: str, size_px: int) -> ImageFont.FreeTypeFont:
    """A font of ``role`` (sans, sans_bold, serif, serif_bold, hand, ming, hei) at a pixel size."""
    for candidate in (role, *_FALLBACK):
        found = _locate(candidate)
        if found is not None:
            return ImageFont.truetype(found[0], max(4, size_px), index=found[1])
    raise RuntimeError("no CJK font found; install fonts-noto-cjk or fonts-arphic-ukai")
