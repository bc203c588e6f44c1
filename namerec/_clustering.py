"""Clustering distinct names into entities without chaining.

1. Candidate pairs come from blocking; those scoring at least ``threshold`` are edges.  A name
   of one part whose strongest edges tie, to several longer names that do not match each
   other (*dixon*: *alexander dixon*, *bianca dixon*), could be any of them: it keeps no edge.
2. Edges are visited strongest first (ties by name order) and two groups merge only when
   their average linkage (mean score over member pairs, scored on demand for at most
   ``_SAMPLE`` members a side) reaches ``threshold`` too, so weak bridges do not chain; and,
   for each script class both groups have names in, at least one pair of such names reaches it
   too: spellings of one class that writes every sound and that disagree outweigh looser
   readings across scripts (*Paul Cohn, פול כהן* and *Willy Cohn, וילי כהן* stay two).  Groups
   of names of several parts, all of one script class, link at ``threshold - ALIAS_SLACK``:
   aliases drop and add parts.  Names
   of ``BRIDGE_PARTS`` or more parts that both match a third member count as that close to each
   other: aliases that drop different parts of one long name (unless every part of the third
   is common in the batch, in ``COMMON`` names or more, and each of the two has a rare one).
   Two groups of one-part names of one script class that are each close within and further
   apart across (``FAMILY_GAP``; ``FAMILY_GAP_SHARED`` when they share a consonant skeleton)
   are two names with their own spellings and do not merge.
3. Each group gets a canonical spelling: most frequent, then most central, then the one that
   reads best (no ``SURNAME, Given`` comma, no dropped titles, Latin letters, fewest folding
   rules fired, then case-folded and exact order).  Members that score below ``cohesion``
   against it leave and are clustered again among themselves.

Everything is ordered by the names themselves, never by input order or hashes.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Callable, Container, Iterable, Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")

_SAMPLE = 12
# Two names of at least BRIDGE_PARTS parts that both match (score at least ``threshold``) a third
# member of the groups count in the average linkage at the lower of those two scores: aliases
# that drop different parts of one long name (*BAQER, Rima Kamel* and *BAKER, Rima Yaacoub*,
# 0.24 apart, both within *BAKER, Rima Kamel Yaacoub*).  Measured on the full dev samples: ofac
# 0.882/0.703 -> 0.888/0.724, un_sc 0.823/0.644 -> 0.831/0.674, en_ko -0.0001/-0.0005, others
# unchanged to four places; bridging at 0.9 instead of the threshold gained about a third of
# that; from two parts up, en_he pairwise -0.003; from one part up at 0.85, febrl pairwise 0.41.
BRIDGE_PARTS = 3
# A name each of whose parts is in at least COMMON names of the batch (*ALI, Muhammad*) does not
# bridge two longer names that contain it, disagree and each have a part of their own that is
# rare (in fewer names) and of SHORT letters or more (*HAMSHO, Ali Muhammad*, *DA'UN, Ali
# Muhammad*): those are as likely different people who share common names as aliases of one.
# Rarity counted in the batch itself, as record linkage weighs term frequencies; the variants
# of one entity make its own parts common (hundreds of spellings of *Sao Tome and Principe*),
# so names of only common parts, or whose rare parts are words like *ja*, still bridge.
# Measured on the full dev samples: ofac 0.8898/0.7300 -> 0.8910/0.7345, geonames +0.0001/+0.0001,
# the others unchanged; country names 0.3614/0.3322 -> 0.3612/0.3320 (without the
# rare parts of the two: 0.3528/0.3223); 10 names cost un_sc 0.0005/0.0020.
COMMON = 20
SHORT = 3
_ALL_COMMON, _DISTINCT = 1, 2  # bits of Forms.rarity
# Two groups of one-part names of one script class, each of them close within (spellings of one
# name) and with no consonant skeleton in common, merge only if they are no more than FAMILY_GAP
# further apart across than within: a consonant added or changed in a short name between two
# tight families is another name (Metius / Metiu, each with a dozen romanisations), where average
# linkage alone saw 0.83 and merged them.  Vowels differ between conventions (Elina / Elena,
# Koutinyo / Koutinyu), hence the skeletons.  Measured on the full dev samples: latin
# 0.8339/0.6266 -> 0.8398/0.6342, ru_translit 0.9369/0.8546 -> 0.9424/0.8797, country names
# +0.0045/+0.0092, scripts32 +0.0003/+0.0004, geonames -0.0008/-0.0019, the others unchanged.
# Without the skeleton condition latin gained 0.014 and ru_translit 0.011, but on the guard's
# 300-entity samples, where few names are confusable, it split ru_translit entities by convention
# (-0.012/-0.027); with it, that sample is unchanged.  Names of several parts or scripts
# included cost ofac 0.020 and un_sc 0.018 pairwise.  A gap of 0.1 or 0.2 gained less.
FAMILY_GAP = 0.15
# Families that share a consonant skeleton (they differ in vowels or within a consonant class:
# Kano, Kanou, Kanō / Kino, Kinou, Kinō) need a wider gap, FAMILY_GAP_SHARED, since vowels also
# differ between conventions of one name.  Measured on the full dev samples: latin
# 0.8399/0.6344 -> 0.8439/0.6388, ru_translit 0.9424/0.8797 -> 0.9470/0.8877, scripts32
# +0.0003/+0.0009, geonames and the others unchanged to four places, country names
# -0.0008/-0.0007; on 100-, 300- and 1000-entity samples ru_translit +0.002 to +0.003, latin
# up to +0.0016, scripts32 and geonames within -0.0003; on the latin entities beyond the dev
# sample +0.0033/+0.0044, geonames -0.0006/-0.0018.  A gap of 0.17 gained more B-cubed and
# less pairwise on latin; 0.22 and 0.25 gained less.
FAMILY_GAP_SHARED = 0.20
_CANDIDATES = 30  # canonical candidates and centrality sample in a large cluster
LINK_SLACK = 0.05
# Groups whose names all have two parts or more, all of one script class (compared letter by
# letter), link at ``threshold - ALIAS_SLACK``: aliases of one person drop and add parts (*KHAN,
# Saidullah* / *JAN, Saidullah* / *KHAMAS, Sayedullah*), so their mean score is lower than that
# of one word's spellings.  Measured on the full dev samples against LINK_SLACK for all: ofac
# 0.8931/0.7416 -> 0.8951/0.7475, un_sc +0.0013/+0.0020, geonames +0.0003/+0.0014, febrl
# +0.0001/+0.0010, country names +0.0059/+0.0070, the others unchanged; 0.13 gained more on
# ofac and un_sc and cost febrl 0.0005 and en_ko 0.0002; 0.08 for every group of multi-part
# names, across scripts too, cost en_he 0.002/0.011.
ALIAS_SLACK = 0.10


class Edges:
    """Scored pairs ``(i, j)``, ``i < j``, added in pair order and kept in two flat arrays:
    16 bytes a pair instead of about 150 for a tuple (a million names link several million).

    >>> edges = Edges(3)
    >>> edges.add(0, 2, 0.9)
    >>> edges.score(0, 2), edges.score(0, 1), list(edges)
    (0.9, None, [(0.9, 0, 2)])
    """

    __slots__ = ("_pairs", "_scores", "n")

    def __init__(self, n: int) -> None:
        self.n = n
        self._pairs = array("q")  # i * n + j, ascending
        self._scores = array("d")

    def add(self, i: int, j: int, score: float) -> None:
        """Add a pair after every pair added so far."""
        self._pairs.append(i * self.n + j)
        self._scores.append(score)

    def extend(self, other: Edges) -> None:
        """Add ``other``'s pairs, all after this one's (a later shard of names)."""
        self._pairs.extend(other._pairs)
        self._scores.extend(other._scores)

    def score(self, i: int, j: int) -> float | None:
        """The score of pair ``(i, j)`` (``i < j``), ``None`` if it is not an edge."""
        k = i * self.n + j
        x = bisect_left(self._pairs, k)
        return self._scores[x] if x < len(self._pairs) and self._pairs[x] == k else None

    def __len__(self) -> int:
        return len(self._pairs)

    def __iter__(self) -> Iterator[tuple[float, int, int]]:
        n = self.n
        for k, s in zip(self._pairs, self._scores, strict=True):
            i, j = divmod(k, n)
            yield s, i, j


def cluster_indices(
    n: int,
    edges: Iterable[tuple[float, int, int]],
    weights: Sequence[int],
    score: Callable[[int, int], float],
    *,
    threshold: float,
    cohesion: float,
    rank: Sequence[int] | None = None,
    scripts: Sequence[str | None] | None = None,
    parts: Sequence[int] | None = None,
    rarity: Sequence[int] | None = None,
    skeletons: Sequence[str] | None = None,
) -> list[tuple[int, list[int]]]:
    """Group ``0..n-1``; return ``(canonical index, sorted member indices)`` per group.

    ``edges`` are ``(score, i, j)``; ``weights`` are input counts; ``score(i, j)`` scores any
    pair (memoised by the caller); ``rank`` orders equally frequent, equally central spellings
    for display (default: index); ``scripts`` names each name's script classes (equal strings
    for names compared letter by letter, ``None`` for a name whose spellings vary too much to
    contradict each other; default: all one); ``parts`` each name's number of parts (default: all
    one); ``rarity`` each name's :meth:`~namerec._blocking.Forms.rarity` flags (default: all 0);
    ``skeletons`` each one-part name's consonant skeleton (default: all ``""``).
    Indices must already be in name order.
    """
    order = list(range(n)) if rank is None else rank
    kinds: Sequence[str | None] = [""] * n if scripts is None else scripts
    sizes: Sequence[int] = [1] * n if parts is None else parts
    flags: Sequence[int] = bytes(n) if rarity is None else rarity
    shapes: Sequence[str] = [""] * n if skeletons is None else skeletons
    ranked = rank_edges(edges, n)
    lone = _lone_ambiguous(ranked, n, score, threshold - LINK_SLACK, sizes, flags)
    if lone:
        nn = n * n
        ranked = [k for k in ranked if (k % nn) // n not in lone and k % n not in lone]
    return _cluster(
        range(n), range(n), ranked, n, weights, score, threshold, cohesion, order, kinds, sizes, flags, shapes
    )


def rank_edges(edges: Iterable[tuple[float, int, int]], n: int) -> list[int]:
    """Edges ``(score, i, j)`` between ``0..n-1``, strongest first, ties by ``(i, j)``, each as
    one int that sorts as ``(-score, i, j)`` (scores have 12 decimals) and gives back
    ``(i, j)`` as ``divmod(key % (n * n), n)``: a million names' edges sort without a key
    tuple each.

    >>> [divmod(key % 9, 3) for key in rank_edges([(0.8, 0, 1), (0.9, 1, 2), (0.8, 0, 2)], 3)]
    [(1, 2), (0, 1), (0, 2)]
    """
    return sorted((round((1.0 - s) * 10**12) * n + i) * n + j for s, i, j in edges)


def _lone_ambiguous(
    ranked: list[int],
    n: int,
    score: Callable[[int, int], float],
    need: float,
    parts: Sequence[int],
    rarity: Sequence[int],
) -> set[int]:
    """Names of one part whose strongest edges, all tied and all to longer names, reach names
    that do not match each other (scoring below ``need``): a lone surname or given name that
    several different full names contain equally (*dixon*: *alexander dixon*, *bianca dixon*)
    could be any of them, and linking it by name order guesses.  They stay unlinked.  Measured
    on the full dev samples: febrl 0.907/0.632 -> 0.914/0.646 (B3 precision 0.921 -> 0.941),
    every other split within -0.0004 on both metrics, most up to +0.0007.  A common one
    (its key in ``COMMON`` names or more) is as ambiguous when one edge is a little stronger
    (*green*: *emma green* 0.87, *green smith* 0.82): all its edges count (febrl +0.0003/+0.0014,
    the others unchanged; for every lone part, en_ko lost 0.005/0.013)."""
    nn = n * n
    best = array("q", [-1]) * n  # score rank of each one-part name's strongest edge
    first = array("q", [-1]) * n  # ... and the name at its other end
    tied: dict[int, list[int]] = {}  # one-part names with several strongest edges: their ends
    # (a common one: all its ends)
    for key in ranked:  # strongest first
        q, rest = divmod(key, nn)
        i, j = divmod(rest, n)
        for a, b in ((i, j), (j, i)):
            if parts[a] != 1:
                continue
            if best[a] < 0:
                best[a], first[a] = q, b
            elif best[a] == q or rarity[a] & _ALL_COMMON:
                tied.setdefault(a, [first[a]]).append(b)
    return {a for a, ends in tied.items() if tied_guess(sorted(ends), parts.__getitem__, score, need)}


def tied_guess(
    ends: Sequence[T], parts: Callable[[T], int], score: Callable[[T, T], float], need: float
) -> bool:
    """Whether linking a name of one part to any of ``ends``, the names it matches equally
    best, would be a guess: they are several, all of more parts, and some two of the first
    ``_SAMPLE`` score below ``need`` against each other (different people who share a name).

    >>> tied_guess(["ann lee", "bo lee"], lambda e: 2, lambda x, y: 0.2, 0.73)
    True
    """
    if len(ends) < 2 or any(parts(e) <= 1 for e in ends):
        return False
    ends = ends[:_SAMPLE]
    return any(score(x, y) < need for k, x in enumerate(ends) for y in ends[k + 1 :])


def _cluster(
    nodes: Sequence[int],
    inside: Container[int],
    ranked: list[int],
    n: int,
    weights: Sequence[int],
    score: Callable[[int, int], float],
    threshold: float,
    cohesion: float,
    rank: Sequence[int],
    scripts: Sequence[str | None],
    parts: Sequence[int],
    rarity: Sequence[int],
    skeletons: Sequence[str],
) -> list[tuple[int, list[int]]]:
    # ``nodes`` ascending, ``inside`` the same set.  Only merged nodes have a parent and only
    # groups of two or more a members list: a million singletons cost nothing.
    parent: dict[int, int] = {}
    members: dict[int, list[int]] = {}

    def find(i: int) -> int:
        while parent.get(i, i) != i:
            parent[i] = parent.get(parent[i], parent[i])
            i = parent[i]
        return i

    # Pairs of groups refused, as (ri, rj, len(ma), len(mb)) packed in one int (groups that
    # grew since are tested again).
    refused: set[int] = set()
    nn = n * n
    for key in ranked:
        i, j = divmod(key % nn, n)
        if i not in inside or j not in inside:
            continue
        ri, rj = find(i), find(j)
        if ri == rj:
            continue
        ma, mb = members.get(ri) or [ri], members.get(rj) or [rj]
        token = ((ri * n + rj) * (n + 1) + len(ma)) * (n + 1) + len(mb)
        if token in refused:
            continue
        need = threshold - LINK_SLACK
        if len(ma) > 1 or len(mb) > 1:
            sa, sb = ma[:_SAMPLE], mb[:_SAMPLE]
            if _aliases(sa + sb, parts, scripts):
                need = threshold - ALIAS_SLACK
            joined = _reaches(sa, sb, score, need) or _bridged(sa, sb, score, need, threshold, parts, rarity)
            if (
                not joined
                or _disagree(sa, sb, score, need, scripts)
                or _two_families(sa, sb, score, parts, scripts, skeletons)
            ):
                refused.add(token)
                continue
        root, other = (ri, rj) if ri < rj else (rj, ri)
        parent[other] = root
        # The larger list absorbs the smaller (linear overall); order stays deterministic.
        big, small = (ma, mb) if len(ma) >= len(mb) else (mb, ma)
        big.extend(small)
        members.pop(other, None)
        members[root] = big

    groups: list[tuple[int, list[int]]] = []
    leftovers: list[int] = []
    for root in (i for i in nodes if parent.get(i, i) == i):
        group = sorted(members.get(root) or [root])
        canon = _canonical(group, weights, score, rank)
        if len(group) > 1:
            kept = [m for m in group if m == canon or score(m, canon) >= cohesion]
            if len(kept) < len(group):
                kept_set = set(kept)
                leftovers.extend(m for m in group if m not in kept_set)
                group = kept
                canon = _canonical(group, weights, score, rank)
        groups.append((canon, group))
    if leftovers:
        left = set(leftovers)
        sub = [k for k in ranked if (k % nn) // n in left and k % n in left]
        groups.extend(
            _cluster(
                sorted(left),
                left,
                sub,
                n,
                weights,
                score,
                threshold,
                cohesion,
                rank,
                scripts,
                parts,
                rarity,
                skeletons,
            )
        )
    return groups


_DECIDED = 1e-9  # far above the rounding error of a sum of at most _SAMPLE ** 2 scores


def _reaches(sa: list[int], sb: list[int], score: Callable[[int, int], float], need: float) -> bool:
    """``not mean(score(x, y) for x in sa for y in sb) < need`` (scores are in [0, 1]).

    Scoring stops as soon as the remaining pairs cannot change the answer (all of them 0, or
    all 1, would not cross ``need`` by more than rounding); undecided, the mean is the same
    ``sum`` as always, so the answer is exactly that of scoring every pair."""
    n = len(sa) * len(sb)
    values: list[float] = []
    acc = 0.0
    left = n
    for x in sa:
        for y in sb:
            v = score(x, y)
            values.append(v)
            acc += v
            left -= 1
            if acc / n >= need + _DECIDED:
                return True
            if (acc + left) / n < need - _DECIDED:
                return False
    return not sum(values) / n < need


def _bridged(
    sa: list[int],
    sb: list[int],
    score: Callable[[int, int], float],
    need: float,
    bridge: float,
    parts: Sequence[int],
    rarity: Sequence[int],
) -> bool:
    """The average linkage of :func:`_reaches` reaches ``need`` once each pair of long names
    (``BRIDGE_PARTS`` parts or more) below it counts as close as both are to a third member
    where both score at least ``bridge`` against it (see ``COMMON`` for the third that does
    not count)."""
    if not any(parts[x] >= BRIDGE_PARTS for x in sa) or not any(parts[y] >= BRIDGE_PARTS for y in sb):
        return False  # no pair to bridge: the mean is the one _reaches refused
    both = sa + sb
    total = 0.0
    for x in sa:
        for y in sb:
            v = score(x, y)
            if v < need and parts[x] >= BRIDGE_PARTS and parts[y] >= BRIDGE_PARTS:
                distinct = rarity[x] & rarity[y] & _DISTINCT  # each has a rare part of its own
                for z in both:
                    if z != x and z != y and not (distinct and rarity[z] & _ALL_COMMON):
                        w = min(score(x, z), score(y, z))
                        if w >= bridge and w > v:
                            v = w
            total += v
    return not total / (len(sa) * len(sb)) < need


def _one_class(names: list[int], scripts: Sequence[str | None]) -> bool:
    """Whether all ``names`` are of one script class (not ``None``)."""
    kind = scripts[names[0]]
    return kind is not None and all(scripts[x] == kind for x in names)


def _aliases(names: list[int], parts: Sequence[int], scripts: Sequence[str | None]) -> bool:
    """Whether every name has two parts or more and all are of one script class."""
    return all(parts[x] >= 2 for x in names) and _one_class(names, scripts)


def _two_families(
    sa: list[int],
    sb: list[int],
    score: Callable[[int, int], float],
    parts: Sequence[int],
    scripts: Sequence[str | None],
    skeletons: Sequence[str],
) -> bool:
    """Two groups of at least two one-part names of one script class, each close within
    itself and further apart across than ``FAMILY_GAP`` below the looser of the two
    (``FAMILY_GAP_SHARED`` if they have a consonant skeleton in common): two names with their
    own spellings (*Metius, Met'yus* and *Metiu, Met'yu*), not one."""
    if len(sa) < 2 or len(sb) < 2:
        return False
    both = sa + sb
    if any(parts[x] != 1 for x in both) or not _one_class(both, scripts):
        return False
    shared = {skeletons[x] for x in sa} & {skeletons[y] for y in sb}
    gap = FAMILY_GAP_SHARED if shared else FAMILY_GAP
    across = sum(score(x, y) for x in sa for y in sb) / (len(sa) * len(sb))
    return across < min(_mean_within(sa, score), _mean_within(sb, score)) - gap


def _mean_within(group: list[int], score: Callable[[int, int], float]) -> float:
    """Mean score over the pairs of ``group`` (at least two members)."""
    total = sum(score(x, y) for k, x in enumerate(group) for y in group[k + 1 :])
    return total / (len(group) * (len(group) - 1) // 2)


def _disagree(
    sa: list[int],
    sb: list[int],
    score: Callable[[int, int], float],
    need: float,
    scripts: Sequence[str | None],
) -> bool:
    """Groups with names in more than one script class that share one (not ``None``), no pair
    of whose names across them scores ``need``: they meet only through readings across
    scripts."""
    ka = {scripts[x] for x in sa}
    kb = {scripts[y] for y in sb}
    if len(ka | kb) == 1:
        return False
    for kind in sorted(k for k in ka & kb if k is not None):
        if not any(score(x, y) >= need for x in sa if scripts[x] == kind for y in sb if scripts[y] == kind):
            return True
    return False


def _canonical(
    group: list[int], weights: Sequence[int], score: Callable[[int, int], float], rank: Sequence[int]
) -> int:
    """Most frequent member; ties broken by centrality, then by display rank.

    In a large cluster only the first ``_CANDIDATES`` tied members by display rank compete, each
    scored against the first ``_CANDIDATES`` members, so the cost stays bounded."""
    if len(group) == 1:
        return group[0]
    top = max(weights[m] for m in group)
    tied = sorted((m for m in group if weights[m] == top), key=rank.__getitem__)[:_CANDIDATES]
    if len(tied) == 1:
        return tied[0]
    sample = group[:_CANDIDATES]

    def centrality(m: int) -> float:
        others = [o for o in sample if o != m]
        return sum(score(m, o) for o in others) / len(others)

    return min(tied, key=lambda m: (-round(centrality(m), 9), rank[m]))
