"""What a file really is, from its first bytes: the extension is only a claim.

Scanning stations rename files, mail clients add ``.jpg`` to anything, and a
user may drop a Word document into the folder. Deciding the kind from magic
bytes lets a PNG named ``.jpg`` through (it is still a scan) and names the
rest clearly instead of failing deep inside Pillow or PDFium.
"""

from __future__ import annotations

import filetype

SUPPORTED_EXTENSIONS: dict[str, str] = {
    ".pdf": "pdf",
    ".png": "png",
    ".jpg": "jpeg",
    ".jpeg": "jpeg",
    ".tif": "tiff",
    ".tiff": "tiff",
    ".zip": "zip",
}
IMAGE_KINDS = frozenset({"png", "jpeg", "tiff"})
HEAD_BYTES = 1024  # the PDF spec allows junk before %PDF- within the first 1024 bytes


def kind_from_extension(name: str) -> str | None:
    """The kind a file name claims (``None`` when the extension is not an input type)."""
    dot = name.rfind(".")
    return SUPPORTED_EXTENSIONS.get(name[dot:].lower()) if dot >= 0 else None


def sniff_kind(head: bytes) -> str | None:
    """The supported kind the bytes really are, or ``None``."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        return "tiff"
    if head[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        return "zip"
    if b"%PDF-" in head[:HEAD_BYTES]:
        return "pdf"
    return None


def describe(head: bytes) -> str:
    """A short human description of unsupported content, for error messages."""
    guess = filetype.guess(head)
    if guess is not None:
        return f"{guess.mime} ({guess.extension})"
    if _looks_like_text(head):
        return "plain text"
    return "unrecognised binary data"


def _looks_like_text(head: bytes) -> bool:
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        # a cut multi-byte character at the end of the sample is still text
        try:
            text = head[:-3].decode("utf-8")
        except UnicodeDecodeError:
            return False
    printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in text)
    return bool(text) and printable / len(text) > 0.95
