"""``python -m samplegen [OUT] [N] [SEED]``: write a sample set plus its contact sheet.

The committed set is ``python -m samplegen samples 12 2026``; the contact sheet is made here
rather than in ``generate`` so test runs stay fast.
"""

from __future__ import annotations

import sys
from pathlib import Path

from samplegen import generate
from samplegen.contact import contact_sheet

SAMPLES_SHEET = Path("docs/samples_contact_sheet.png")  # the committed set's, shown in samples/README.md


def main(argv: list[str]) -> None:
    out = Path(argv[0]) if argv else Path("samples")
    n = int(argv[1]) if len(argv) > 1 else 12
    seed = int(argv[2]) if len(argv) > 2 else 2026
    folders = generate(out, n, seed)
    # beside the set, not in it: a picture inside would be read as one more scan
    sheet = out.parent / f"{out.name}_contact_sheet.png" if out.name != "samples" else SAMPLES_SHEET
    contact_sheet(out, sheet)
    print(f"wrote {len(folders)} packets and {sheet}")


if __name__ == "__main__":
    main(sys.argv[1:])
