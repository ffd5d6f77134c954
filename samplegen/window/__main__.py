"""``python -m samplegen.window OUT N SEED``: write N packets into OUT."""

from __future__ import annotations

import sys
from pathlib import Path

from samplegen.window import generate


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print("usage: python -m samplegen.window OUT N SEED", file=sys.stderr)
        return 2
    folders = generate(Path(argv[0]), int(argv[1]), int(argv[2]))
    print(f"wrote {len(folders)} packets to {argv[0]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
