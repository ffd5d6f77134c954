"""Why a file or a packet was refused, in Chinese and English, for the operator at the window.

The server's ``error_code`` is stable and its ``message`` is English; the
operator reads Chinese first. Unknown codes (a newer server) still show the
server's own message, never nothing.
"""

from __future__ import annotations

REASONS_ZH: dict[str, str] = {
    "empty_file": "文件是空的（0 字节），扫描可能没有完成。",
    "too_large": "文件太大，超过服务器允许的大小。",
    "type_mismatch": "文件内容不是 PDF、PNG、JPEG、TIFF 或 ZIP 扫描件（与扩展名不符）。",
    "not_an_image": "文件名像图片，但内容不是图片。",
    "unsupported_media_type": "没有一个文件是 PDF、PNG、JPEG、TIFF 或 ZIP 扫描件。",
    "pdf_corrupt": "PDF 文件已损坏，无法打开。",
    "pdf_encrypted": "PDF 文件有密码保护，无法读取。",
    "image_corrupt": "图片文件已损坏，无法打开。",
    "image_too_large": "图片像素过多，无法处理。",
    "too_many_pages": "页数太多，请分成几个文件扫描。",
    "file_name_too_long": "文件名太长，请改短后重新放入。",
    "archive_corrupt": "ZIP 压缩包已损坏。",
    "archive_empty": "ZIP 压缩包里没有文件。",
    "archive_encrypted": "ZIP 压缩包有密码保护。",
    "archive_too_large": "ZIP 压缩包解压后太大或文件太多。",
    "nested_archive": "ZIP 压缩包里又套了压缩包。",
    "unsafe_archive_path": "ZIP 压缩包里的文件路径不安全。",
    "unpack_failed": "ZIP 压缩包无法解压。",
    "too_many_files": "一次上传的文件太多，请把这个文件夹分成几个小文件夹。",
    "part_header_too_large": "文件名太长，服务器无法接收。",
    "idempotency_key_reused": "上传过程中文件被改动过，请重新放入。",
    "no_receipt_entry": "服务器的回执中没有这个文件。",
}

FIX_ZH = "请检查或重新扫描后，把文件放回扫描文件夹即可重新上传。"
FIX_EN = "Check or rescan it, then put it back into the scan folder to upload it again."


def reason_zh(code: str) -> str:
    return REASONS_ZH.get(code, "服务器拒收了这个文件。")


def reason_text(file_name: str, code: str, message: str, *, batch: str) -> str:
    """The ``<file>.reason.txt`` written next to a refused file."""
    return (
        f"文件 File: {file_name}\n"
        f"{batch}\n"
        f"原因：{reason_zh(code)}（{code}）\n"
        f"Reason: {message} ({code})\n"
        f"{FIX_ZH}\n{FIX_EN}\n"
    )
