"""Command line: ``python -m samplegen.stamps OUT_DIR N SEED``."""

from __future__ import annotations

import sys
from pathlib import Path

from samplegen.stamps import generate


def main(argv: list[str]) -> int:
    """Generate N packets into OUT_DIR with SEED; print a one-line summary."""
    if len(argv) != 3:
        print("usage: python -m samplegen.stamps OUT_DIR N SEED", file=sys.stderr)
        return 2
    out, n, seed = Path(argv[0]), int(argv[1]), int(argv[2])
    truths = generate(out, n, seed)
    stamps = sum(len(d.stamps) for t in truths for d in t.documents)
    pages = sum(len(t.documents) for t in truths)
    print(f"wrote {n} packets, {pages} pages, {stamps} stamps to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
