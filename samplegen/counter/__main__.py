"""``python -m samplegen.counter OUT N SEED``: write N counter packets and print a summary."""

from __future__ import annotations

import sys
from pathlib import Path

from samplegen.counter import generate


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print("usage: python -m samplegen.counter OUT N SEED", file=sys.stderr)
        return 2
    out, n, seed = Path(argv[0]), int(argv[1]), int(argv[2])
    results = generate(out, n, seed)
    pages = sum(len({(d.source, p) for d in r.documents for p in d.pages}) for r in results)
    stamps = sum(len(d.stamps) for r in results for d in r.documents)
    incomplete = sum(1 for r in results for f in r.filings if f.status == "incomplete")
    filings = sum(len(r.filings) for r in results)
    summary = f"{len(results)} packets, {pages} pages, {stamps} stamps"
    print(f"{summary}, {filings} filings ({incomplete} incomplete) in {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
