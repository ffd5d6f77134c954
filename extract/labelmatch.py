"""Where the printed labels are on a page, OCR's misreadings allowed.

Labels are matched against a synonym table (``extract/fields/labels.yaml``) and
tolerate a misread character (two in a long label where only a label can stand),
because a misread label must not lose a field; where a fuzzy match could as well be
the start of a longer word (a title, a category's name), it must end where labels end.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace

from extract.layout import Anchor, h_overlap, sub_box, union, v_overlap
from extract.normalize import to_halfwidth
from kernel.reading import TextLine

# Characters that may precede a label at the start of a line: numbering, ticks, punctuation.
_LEAD = re.compile(r"^[\s\d.、()（）一二三四五六七八九十*★☐□☑√✓✔■·:：|]*")
_SEP = set(" \t:：;；,，、()（）[]【】|/")
# two Latin letters between Chinese characters: one character OCR split in two (日 read EI, 目 read El)
_SPLIT_CHARACTER = re.compile(r"(?<=[\u4e00-\u9fff])[A-Za-z]{2}(?=[\u4e00-\u9fff])")


def _lead_end(text: str) -> int:
    """Where a line's text starts after its numbering, ticks and punctuation (``_LEAD``)."""
    lead = _LEAD.match(text)
    return lead.end() if lead else 0


def fuzzy_find(text: str, synonym: str) -> list[tuple[int, int, float]]:
    """Occurrences of a synonym: exact, one substituted char (len ≥ 3), one dropped char (len ≥ 4)."""
    hits: list[tuple[int, int, float]] = []
    start = text.find(synonym)
    while start >= 0:
        hits.append((start, start + len(synonym), 1.0))
        start = text.find(synonym, start + 1)
    if hits:
        return hits
    n = len(synonym)
    if n >= 3:
        # the first character anchors a fuzzy match: only windows starting with it are compared
        i = text.find(synonym[0])
        while 0 <= i <= len(text) - n:
            window = text[i : i + n]
            diff = sum(a != b for a, b in zip(window, synonym, strict=True))
            # the first and last characters anchor the match; only an inner one may be wrong, or
            # a longer wording's last where the label ends there (异地安置地 is not 异地安置退休人员)
            ends = i + n == len(text) or text[i + n] in _SEP
            if diff == 1 and (window[-1] == synonym[-1] or (n >= 4 and ends)):
                hits.append((i, i + n, 0.85))
            i = text.find(synonym[0], i + 1)
    if not hits and n >= 4:
        for k in range(1, n):
            dropped = synonym[:k] + synonym[k + 1 :]
            i = text.find(dropped)
            if i < 0:
                continue
            # the last character dropped only where the label ends (异地安置 starts 异地安置退休人员)
            if k < n - 1 or i + n - 1 == len(text) or text[i + n - 1] in _SEP:
                hits.append((i, i + n - 1, 0.8))
                break
    return hits


def _placed_like_label(text: str, start: int, end: int) -> bool:
    """A label starts its line (after numbering) or stands between separators/colon."""
    if start <= _lead_end(text):
        return True
    if text[start - 1] in _SEP:
        return True
    return end < len(text) and text[end] in ":："


def _standing_alone(text: str, start: int, end: int) -> bool:
    """A word standing alone as a label: a cell holding 单位 (or 单位：) and nothing else, not a
    value it opens (单位派驻外地工作) nor another sense of it (单位：人民币元, a unit of measure)."""
    return start <= _lead_end(text) and not text[end:].strip(" \t:：")


def _first_misread(compact: str, synonym: str) -> list[int]:
    """Starts of a wording whose first character alone OCR misread (中请理由 for 申请理由), only
    where nothing else can be meant: at the start of its line (after numbering), followed by a
    colon or by nothing else on its line."""
    start = _lead_end(compact)
    n = len(synonym)
    if compact[start : start + n] == synonym or compact[start + 1 : start + n] != synonym[1:]:
        return []
    rest = compact[start + n :]
    if rest and rest[0] not in ":：":
        return []
    return [start]


def _two_misread(window: str, key: str, synonym: str, others: Sequence[tuple[str, str]]) -> bool:
    """A long wording (six characters or more) with two characters misread (独食保障卡号 for
    社会保障卡号), where only a label can stand: ``window`` is the text opening its line (after
    numbering) as long as the wording and followed by a colon or the line's end (the caller
    checks that once a line), and the characters read instead are no evidence for another
    field's wording (备案结来时间 is a misread 结束 label, not 备案开始时间 with 开始 misread)."""
    wrong = [k for k in range(len(synonym)) if window[k] != synonym[k]]
    if len(wrong) != 2:
        return False
    return not any(
        other_key != key and any(k < len(other) and other[k] == window[k] for k in wrong)
        for other_key, other in others
    )


def _label_windows(compact: str, lengths: Collection[int]) -> dict[int, str]:
    """Per wording length, the text opening a line (after numbering) that long, where it ends at a
    colon or the line's end: the only places a label with two misread characters is believed."""
    start = _lead_end(compact)
    out: dict[int, str] = {}
    for n in lengths:
        window, after = compact[start : start + n], compact[start + n : start + n + 1]
        if len(window) == n and (not after or after in ":："):
            out[n] = window
    return out


def find_anchors(
    lines: Sequence[TextLine], table: Mapping[str, Sequence[str]], placed_only: Collection[str] = ()
) -> list[Anchor]:
    """All labels on a page; the longest synonym wins where two overlap (居住地址 over 居住地).

    ``placed_only`` wordings are labels only where they stand alone as one: short words
    that occur inside values too (单位 in 系我单位职工, 单位派驻外地工作).
    """
    anchors: list[Anchor] = []
    ambiguous: dict[int, set[tuple[str, str]]] = {}  # anchor index → other (key, wording) it matches as well
    # every match but one whose first character is misread keeps it: index the wordings by it,
    # and the longer ones by their second character too
    by_first: dict[str, list[tuple[str, str]]] = {}
    by_second: dict[str, list[tuple[str, str]]] = {}
    long_wordings: list[tuple[str, str]] = []
    every = [(key, syn) for key, synonyms in table.items() for syn in synonyms]
    for key, synonyms in table.items():
        for syn in synonyms:
            by_first.setdefault(syn[0], []).append((key, syn))
            if len(syn) >= 3 and not key.startswith("_"):
                by_second.setdefault(syn[1], []).append((key, syn))
            if len(syn) >= 6 and not key.startswith("_"):
                long_wordings.append((key, syn))
    long_lengths = {len(syn) for _, syn in long_wordings}
    for li, line in enumerate(lines):
        text = to_halfwidth(line.text)
        # labels are often letter-spaced to align a column ("姓　　名"): match without blanks
        # and without short bracketed inserts ("参保人（代办人）签字" is a 参保人签字 label)
        inserts = {k for m in re.finditer(r"\([^()]{1,6}\)", text) for k in range(m.start(), m.end())}
        brackets = {i for i, ch in enumerate(text) if ch in "()"}
        # ...and with them read as part of the label ("参保人（签章）" is a 参保人签章 label)
        variants = [
            [i for i, ch in enumerate(text) if not ch.isspace() and i not in skip]
            for skip in (inserts, brackets)
        ]
        chosen = variants if inserts else variants[:1]
        # ...and with a character OCR split into two Latin look-alikes (日 read EI) as one misread
        split = {m.start() + 1 for m in _SPLIT_CHARACTER.finditer(text)}
        if split:
            chosen = [*chosen, [i for i in chosen[0] if i not in split]]
        found: list[tuple[int, float, int, int, str, str]] = []
        for keep in chosen:
            compact = "".join(text[i] for i in keep)
            for first in dict.fromkeys(compact):
                for key, syn in by_first.get(first, ()):
                    hits = fuzzy_find(compact, syn)
                    if key.startswith("_"):
                        hits = [h for h in hits if h[2] == 1.0]  # stoppers only as printed: never eat a value
                    for cs, ce, score in hits:
                        s, e = keep[cs], keep[ce - 1] + 1
                        # an exact wording of 2+ characters is a label anywhere ("姓名张三性别男");
                        # a fuzzy or one-character one only where labels stand
                        if syn in placed_only:
                            if _standing_alone(text, s, e):
                                found.append((len(syn), score, s, e, key, syn))
                            continue
                        if (score == 1.0 and len(syn) >= 2) or _placed_like_label(text, s, e):
                            found.append((len(syn) - (score < 1.0), score, s, e, key, syn))
            for second in dict.fromkeys(compact[1:]):
                for key, syn in by_second.get(second, ()):
                    for cs in _first_misread(compact, syn):
                        s, e = keep[cs], keep[cs + len(syn) - 1] + 1
                        found.append((len(syn) - 1, 0.8, s, e, key, syn))
            windows = _label_windows(compact, long_lengths)
            for key, syn in long_wordings:
                window = windows.get(len(syn))
                if window is not None and _two_misread(window, key, syn, every):
                    cs = _lead_end(compact)
                    found.append((len(syn) - 2, 0.7, keep[cs], keep[cs + len(syn) - 1] + 1, key, syn))
        # most characters matched first (备案起给日期 is a misread 备案起始日期, not a 日期 label),
        # then exact before fuzzy
        found.sort(key=lambda f: (-f[0], -f[1], f[2]))
        taken: list[tuple[int, int]] = []
        for _, score, s, e, key, syn in found:
            if any(s < te and ts < e for ts, te in taken):
                continue
            taken.append((s, e))
            anchors.append(Anchor(key, syn, li, s, e, score, sub_box(line, s, e)))
            others = {(k, w) for _, sc, fs, fe, k, w in found if (fs, fe, sc) == (s, e, score) and k != key}
            if score < 1.0 and others:
                ambiguous[len(anchors) - 1] = others
    return _agents_own(sorted(_disambiguate(anchors, ambiguous), key=lambda a: (a.line, a.start)), lines)


# labels.yaml's keys that are no field: wordings that only stop another label's value, and the words
# that make the label after them an agent's or a contact's
STOPPER = "_other"
AGENT = "_agent"


def _agents_own(anchors: list[Anchor], lines: Sequence[TextLine]) -> list[Anchor]:
    """Labels right after an agent's word (经办人身份证号, 代办人 电话) as value stoppers: those are
    the agent's or a contact's number, never the insured person's, however the form words them."""
    out: list[Anchor] = []
    for a in anchors:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.key == AGENT
            and prev.line == a.line
            and not re.sub(r"[\s()（）]", "", to_halfwidth(lines[a.line].text)[prev.end : a.start])
        ):
            a = replace(a, key=STOPPER)
        out.append(a)
    return out


def _disambiguate(anchors: list[Anchor], ambiguous: Mapping[int, set[tuple[str, str]]]) -> list[Anchor]:
    """A misread label as close to two keys' wordings ("转住医院": 转出医院 or 转往医院) is the one
    whose label is not printed elsewhere on the page: a form prints each label once."""
    exact = {a.key for a in anchors if a.score == 1.0}
    out = list(anchors)
    for i, others in ambiguous.items():
        if anchors[i].key not in exact:
            continue
        free = sorted(o for o in others if o[0] not in exact)
        if len({k for k, _ in free}) == 1:
            out[i] = replace(anchors[i], key=free[0][0], synonym=free[0][1])
    return out


def merge_fragments(lines: Sequence[TextLine], wordings: set[str]) -> list[TextLine]:
    """Join label pieces OCR read apart: letter-spaced characters on one row ("姓" … "名") and
    labels stacked in one cell ("选定定点" over "医疗机构"), when together they spell a known wording."""
    out = list(lines)
    # each line's text without blanks, computed once: the pairings below are quadratic in lines
    compact = [re.sub(r"\s", "", ln.text) for ln in out]
    tiny = [0 < len(t) <= 3 for t in compact]
    short = [0 < len(t) <= 6 for t in compact]
    used: set[int] = set()
    merged: list[TextLine] = []
    order = sorted(range(len(out)), key=lambda i: (out[i].cy, out[i].box[0]))
    for i in order:
        if i in used or not tiny[i]:
            continue
        h = out[i].height
        row = sorted(
            (
                j
                for j in range(len(out))
                if tiny[j]
                and j != i
                and j not in used
                and v_overlap(out[j].box, out[i].box) >= 0.5
                and out[j].box[0] > out[i].box[0]
                and out[j].box[0] - out[i].box[2] < 4 * h
            ),
            key=lambda j: out[j].box[0],
        )
        group = [i]
        for j in row[:4]:
            if out[j].box[0] - out[group[-1]].box[2] > 4 * h:
                break
            group.append(j)
            text = "".join(compact[k] for k in group)
            if _wording(text) in wordings and len(group) >= 2:
                conf = min(out[k].confidence for k in group)
                merged.append(TextLine(text, union([out[k].box for k in group]), conf))
                used.update(group)
                break
    for i in order:
        if i in used or not short[i]:
            continue
        h = out[i].height
        under = [
            j
            for j in range(len(out))
            if short[j]
            and j != i
            and j not in used
            and -0.4 * h <= out[j].box[1] - out[i].box[3] < 0.8 * h
            and h_overlap(out[j].box, out[i].box) >= 0.5
        ]
        for j in under:
            text = compact[i] + compact[j]
            if _wording(text) in wordings and _wording(out[i].text) not in wordings:
                conf = min(out[i].confidence, out[j].confidence)
                merged.append(TextLine(text, union([out[i].box, out[j].box]), conf))
                used.update((i, j))
                break
    return [ln for k, ln in enumerate(out) if k not in used] + merged


def _wording(text: str) -> str:
    """A label's text as the synonym table spells it: halfwidth, without blanks or a closing colon."""
    return re.sub(r"\s", "", to_halfwidth(text)).rstrip(":")
