"""Which project modules a piece of code can run: the import closure, read from the sources.

The dev loop caches page readings keyed by a hash of the code that makes
them. A hand-kept list of that code goes stale (it once left out the seal-ink
and simplify modules, so a change there was scored on old readings); the
closure does not. Every import statement counts, also those inside functions
and under ``TYPE_CHECKING``, and importing ``a.b.c`` runs ``a`` and ``a.b`` too.
"""

from __future__ import annotations

import ast
import hashlib
from pathlib import Path


def module_file(root: Path, name: str) -> Path | None:
    """The source of module ``name`` under ``root`` (a package's ``__init__.py``), if it is ours."""
    path = root.joinpath(*name.split("."))
    if (path / "__init__.py").is_file():
        return path / "__init__.py"
    if path.with_suffix(".py").is_file():
        return path.with_suffix(".py")
    return None


def imported_names(source: Path, module: str) -> set[str]:
    """Every module name an import statement in ``source`` may load (``from a import b``: a and a.b)."""
    package = module if source.name == "__init__.py" else module.rpartition(".")[0]
    names: set[str] = set()
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def import_closure(root: Path, roots: tuple[str, ...]) -> dict[str, Path]:
    """The project modules (under ``root``) that importing ``roots`` can load, with their files."""
    found: dict[str, Path] = {}
    todo = list(roots)
    while todo:
        name = todo.pop()
        if name in found:
            continue
        source = module_file(root, name)
        if source is None:
            continue  # a third-party module, or a name inside a module (a class, a function)
        found[name] = source
        parts = name.split(".")
        todo.extend(".".join(parts[:i]) for i in range(1, len(parts)))
        todo.extend(imported_names(source, name))
    return found


def closure_hash(root: Path, roots: tuple[str, ...]) -> str:
    """A short hash of the closure's sources, in a stable order."""
    digest = hashlib.sha256()
    for name, source in sorted(import_closure(root, roots).items()):
        digest.update(name.encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()[:12]
