"""The checks every candidate input passes, whether it came from disk or from a zip.

One place decides the error codes for empty, oversized and mislabelled files so
that a scan inside an archive is judged exactly like the same scan on disk.
"""

from __future__ import annotations

from ingest.sniff import IMAGE_KINDS, describe, kind_from_extension, sniff_kind
from kernel.schema import InputError

MAX_NAME_CHARS = 255  # what file systems allow for one name
MAX_SOURCE_CHARS = 900  # a zip member's whole path (archive name included); the column holds 1000

_KIND_NAMES = {
    "pdf": "a PDF",
    "png": "a PNG image",
    "jpeg": "a JPEG image",
    "tiff": "a TIFF image",
    "zip": "a ZIP archive",
}


def check_content(source: str, head: bytes, size: int, max_bytes: int) -> str | InputError:
    """The real kind of a candidate input, or the error that keeps it out.

    The sniffed kind wins over the extension, except that a ZIP under another
    name (a renamed Office document, usually) is refused rather than unpacked.
    """
    claimed = kind_from_extension(source)
    if size == 0:
        return InputError(source=source, code="empty_file", message=f"{source}: the file is empty (0 bytes).")
    if size > max_bytes:
        return InputError(
            source=source,
            code="too_large",
            message=f"{source}: {size} bytes is more than the limit of {max_bytes} bytes.",
        )
    kind = sniff_kind(head)
    if kind is None:
        what = describe(head)
        if claimed in IMAGE_KINDS:
            return InputError(
                source=source,
                code="not_an_image",
                message=f"{source}: named like an image but the content is {what}.",
            )
        return InputError(
            source=source,
            code="type_mismatch",
            message=f"{source}: named like {_KIND_NAMES.get(claimed or '', 'an input')} "
            f"but the content is {what}.",
        )
    if kind == "zip" and claimed != "zip":
        return InputError(
            source=source,
            code="type_mismatch",
            message=f"{source}: the content is a ZIP container (for example an Office "
            f"document), not {_KIND_NAMES.get(claimed or '', 'a scan')}.",
        )
    return kind


def name_error(source: str, limit: int) -> InputError | None:
    """``file_name_too_long`` for a name over ``limit`` characters, filed under a shortened name.

    A name is refused, not cut: a cut name could collide with another file's or
    hide what the station sent. The error's source keeps the start and the length.
    """
    if len(source) <= limit:
        return None
    short = f"{source[:80]}… ({len(source)} characters)"
    return InputError(
        source=short,
        code="file_name_too_long",
        message=f"{short}: a file name may have at most {limit} characters.",
    )
