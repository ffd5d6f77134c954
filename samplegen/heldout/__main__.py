"""``python -m samplegen.heldout OUT N SEED``: write N held-out packets under OUT."""

from __future__ import annotations

import sys
from pathlib import Path

from samplegen.heldout import generate


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print("usage: python -m samplegen.heldout OUT N SEED", file=sys.stderr)
        return 2
    out, n, seed = Path(argv[0]), int(argv[1]), int(argv[2])
    entries = generate(out, n, seed)
    for e in entries:
        defects = ",".join(d["defect"] for d in e["defects"]) or "clean"
        print(f"{e['packet']}  {e['category']:<18} {e['layout']:<8} {defects}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
