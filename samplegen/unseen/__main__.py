"""``python -m samplegen.unseen OUT N SEED``: write an unseen set plus its contact sheet.

The contact sheet goes beside the set (``OUT_contact_sheet.png``), not into it, so that
``filingdesk eval OUT`` does not read it as one more scanned page.
"""

from __future__ import annotations

import sys
from pathlib import Path

from samplegen.contact import contact_sheet
from samplegen.unseen import generate


def main(argv: list[str]) -> None:
    out = Path(argv[0]) if argv else Path("/tmp/unseen")
    n = int(argv[1]) if len(argv) > 1 else 12
    seed = int(argv[2]) if len(argv) > 2 else 7
    folders = generate(out, n, seed)
    sheet = out.with_name(out.name + "_contact_sheet.png")
    contact_sheet(out, sheet, limit=48)
    print(f"wrote {len(folders)} packets, {out / 'manifest.json'} and {sheet}")


if __name__ == "__main__":
    main(sys.argv[1:])
