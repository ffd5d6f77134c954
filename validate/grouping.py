"""Group a run's documents into filings: one filing per insured person.

A scanning station may put many packets into one run, in any order, with pages
of one packet split over files and folders. Documents are joined by who they are
about: the ID number (normalised, upper-case X) is the strong key; the name the
weak one. One OCR-confused character is tolerated in either key when the other
key agrees exactly. Documents that carry neither key (an unreadable page) join
the filing of their source folder when that is unambiguous. A group without a
declaration form is still a filing -- validation marks it incomplete.
"""

from __future__ import annotations

import posixpath

from kernel.domain import DocType
from kernel.idnumber import normalise
from kernel.schema import DocumentResult
from validate.consistency import normalise_name
from validate.packet import text_of


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def _one_apart(a: str, b: str) -> bool:
    return len(a) == len(b) and sum(p != q for p, q in zip(a, b, strict=True)) == 1


def _keys(doc: DocumentResult) -> tuple[str | None, str | None]:
    id_text, name_text = text_of(doc, "id_number"), text_of(doc, "name")
    if id_text is None and doc.doc_type == DocType.SOCIAL_SECURITY_CARD:
        id_text = _id_shaped(text_of(doc, "social_security_number"))  # new cards print the ID number
    id_key = normalise(id_text) if id_text else None
    name_key = normalise_name(name_text) if name_text else None
    return id_key or None, name_key or None


def _id_shaped(number: str | None) -> str | None:
    """A social-security number that is a citizen ID number (18 characters), else None."""
    return number if number is not None and len(normalise(number)) == 18 else None


def folder_of(doc: DocumentResult) -> str:
    """The source folder (relative to the input root) a document was scanned into."""
    return posixpath.dirname(doc.source.replace("\\", "/"))


def _same_person(a: tuple[str | None, str | None], b: tuple[str | None, str | None]) -> bool:
    (ida, na), (idb, nb) = a, b
    if ida is None or idb is None:
        return False
    if ida == idb:
        return True
    return _one_apart(ida, idb) and na is not None and na == nb


def _join_proofs_by_name_in_folder(
    docs: list[DocumentResult], keys: list[tuple[str | None, str | None]], uf: _UnionFind
) -> None:
    """A proof whose ID matches no declaration joins the one declaration of the same name in its folder.

    A packet scanned together whose proof carries a different ID number (a typo on the
    certificate, or another person's card) must stay with its declaration, so that
    validation reports the ID mismatch; a stray group would only say "declaration missing".
    Requiring the same folder and a unique same-name declaration keeps namesakes in a
    large batch apart.
    """
    declared: dict[int, set[str]] = {}  # root -> names on its declarations
    for i, d in enumerate(docs):
        if d.doc_type == DocType.DECLARATION_FORM and keys[i][1] is not None:
            declared.setdefault(uf.find(i), set()).add(keys[i][1] or "")
    for i, d in enumerate(docs):
        root, name = uf.find(i), keys[i][1]
        if d.doc_type == DocType.DECLARATION_FORM or name is None or root in declared:
            continue
        folder = folder_of(d)
        targets = {
            r
            for r, names in declared.items()
            if name in names
            and any(uf.find(j) == r and folder_of(docs[j]) == folder for j in range(len(docs)))
        }
        if len(targets) == 1:
            uf.union(i, targets.pop())


def _join_misread_names_in_folder(
    docs: list[DocumentResult],
    keys: list[tuple[str | None, str | None]],
    uf: _UnionFind,
    unmatched: list[int],
    attached: set[int],
) -> None:
    """A name-only document whose name matches no ID-bearing filing joins the one declaration of its
    folder whose name is one character apart (OCR read 王凤 as 王成 and lost the ID number).

    Left alone it would be filed nowhere and its filing would lack it (a commitment read as
    missing); joined, a true difference still shows as a name mismatch. The same folder and a
    unique such declaration keep another person's page, slipped into a batch, apart.
    """
    for i in unmatched:
        name, folder = keys[i][1] or "", folder_of(docs[i])
        roots = {
            uf.find(j)
            for j, d in enumerate(docs)
            if d.doc_type == DocType.DECLARATION_FORM
            and keys[j][0] is not None
            and folder_of(d) == folder
            and len(name) >= 2
            and _one_apart(name, keys[j][1] or "")
        }
        if len(roots) == 1:
            uf.union(i, roots.pop())
            attached.add(i)


def group_documents(docs: list[DocumentResult]) -> list[list[DocumentResult]]:
    """Documents grouped into filings, in order of each group's first document.

    * Same ID number → same filing; IDs one character apart join when the names agree.
    * Names one character apart join when the ID numbers agree (implied by the rule above).
    * A proof (no declaration in its group) joins the unique same-name declaration of its folder.
    * A document with a name but no ID joins the filing with that exact name; when several
      filings share the name, the one in the same source folder if that is unique; when none
      has it, the unique declaration of its folder whose name is one character apart.
    * A document with neither key joins the only filing with documents from its source file,
      else from its source folder; otherwise the keyless documents of a folder without any
      filing form one group, and in an ambiguous folder each forms its own group.
    """
    n = len(docs)
    keys = [_keys(d) for d in docs]
    uf = _UnionFind(n)
    with_id = [i for i in range(n) if keys[i][0] is not None]
    for x, i in enumerate(with_id):
        for j in with_id[x + 1 :]:
            if _same_person(keys[i], keys[j]):
                uf.union(i, j)
    _join_proofs_by_name_in_folder(docs, keys, uf)
    # Name-only documents: attach to a unique ID-bearing group with that name, else to each other.
    name_only = [i for i in range(n) if keys[i][0] is None and keys[i][1] is not None]
    attached: set[int] = set()
    for i in name_only:
        roots = sorted({uf.find(j) for j in with_id if keys[j][1] == keys[i][1]})
        if len(roots) > 1:
            here = folder_of(docs[i])
            roots = sorted(
                {r for r in roots if any(uf.find(j) == r and folder_of(docs[j]) == here for j in with_id)}
            )
        if len(roots) == 1:
            uf.union(i, roots[0])
            attached.add(i)
    _join_misread_names_in_folder(docs, keys, uf, [i for i in name_only if i not in attached], attached)
    loose = [i for i in name_only if i not in attached]
    for x, i in enumerate(loose):
        for j in loose[x + 1 :]:
            if keys[i][1] == keys[j][1]:
                uf.union(i, j)
    # Keyless documents: by source file, then by folder.
    keyed = [i for i in range(n) if keys[i] != (None, None)]
    keyless = [i for i in range(n) if keys[i] == (None, None)]
    orphan_by_folder: dict[str, list[int]] = {}
    for i in keyless:
        target = None
        source, folder = docs[i].source, folder_of(docs[i])
        for near in (
            {uf.find(j) for j in keyed if docs[j].source == source},
            {uf.find(j) for j in keyed if folder_of(docs[j]) == folder},
        ):
            if len(near) == 1:
                target = near.pop()
                break
            if len(near) > 1:
                target = -1  # ambiguous: stays alone
                break
        if target is None:
            orphan_by_folder.setdefault(folder_of(docs[i]), []).append(i)
        elif target >= 0:
            uf.union(i, target)
    for members in orphan_by_folder.values():
        for j in members[1:]:
            uf.union(members[0], j)
    groups: dict[int, list[DocumentResult]] = {}
    for i in range(n):
        groups.setdefault(uf.find(i), []).append(docs[i])
    return [groups[r] for r in sorted(groups)]  # a root is its group's smallest index
