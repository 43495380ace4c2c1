"""LSH banding over MinHash picks: which document pairs are worth aligning.

Every pick of :func:`giptext.reuse.minhash.window_minhashes` is a band of one row: two
documents collide when they hold the same pick. Buckets are found by one numpy sort of
``(pick, document)`` keys, never by comparing documents pairwise. A bucket held by many
documents (boilerplate that hundreds of reports repeat) is not expanded into all its
pairs: each member is paired with the bucket's earliest document only (documents are
numbered earliest first), so the candidate count stays linear in the corpus.

Example::

    >>> import numpy as np
    >>> picks = [np.array([1, 2, 3], np.uint64), np.array([2, 3, 9], np.uint64), np.array([7], np.uint64)]
    >>> a, b, shared = candidate_pairs(picks, min_shared=2)
    >>> list(zip(a.tolist(), b.tolist(), shared.tolist()))
    [(0, 1, 2)]
"""
from __future__ import annotations

import ctypes
import mmap
import sys

import numpy as np
from numba import njit

#: Bits of a packed pick that hold its position (views up to 2**20 characters).
POS_BITS = 20


def pack_picks(values: np.ndarray, positions: np.ndarray | None = None) -> np.ndarray:
    """One uint64 per pick: the low 44 bits of its value above its position (``POS_BITS``).

    A corpus keeps one such array per document between the view and LSH stages: 8 bytes a
    pick instead of 12. Positions beyond ``2**POS_BITS - 1`` are clipped (bands there are
    then found only by diagonal).
    """
    v = values.astype(np.uint64) << np.uint64(POS_BITS)
    if positions is not None:
        v |= np.minimum(positions, (1 << POS_BITS) - 1).astype(np.uint64)
    return v


@njit(cache=True)
def _group(comb, i, low, posbits, dmask):
    """End of the bucket starting at ``i`` and its number of distinct documents."""
    key = comb[i] >> np.uint64(low)
    j, nd, last = i, 0, np.int64(-1)
    while j < comb.shape[0] and (comb[j] >> np.uint64(low)) == key:
        d = np.int64((comb[j] >> np.uint64(posbits)) & dmask)
        if d != last:
            nd += 1
            last = d
        j += 1
    return j, nd


@njit(cache=True)
def _scan_count(comb, docbits, posbits):
    """``(n_out, n_buckets)`` of :func:`_scan`: members and buckets of ≥ 2 documents."""
    low = docbits + posbits
    dmask = (np.uint64(1) << np.uint64(docbits)) - np.uint64(1)
    n = comb.shape[0]
    n_out, n_b, i = 0, 0, 0
    while i < n:
        j, nd = _group(comb, i, low, posbits, dmask)
        if nd >= 2:
            n_out += nd
            n_b += 1
        i = j
    return n_out, n_b


@njit(cache=True)
def _scan_fill(comb, docbits, posbits, starts, sizes):
    """Compact the members into the first entries of ``comb``, bucket bounds into ``starts``/``sizes``."""
    low = docbits + posbits
    dmask = (np.uint64(1) << np.uint64(docbits)) - np.uint64(1)
    pmask = (np.uint64(1) << np.uint64(posbits)) - np.uint64(1)
    n = comb.shape[0]
    o, b, i = 0, 0, 0
    while i < n:
        j, nd = _group(comb, i, low, posbits, dmask)
        if nd >= 2:
            starts[b], sizes[b] = o, nd
            b += 1
            last = np.uint64(1) << np.uint64(63)
            for k in range(i, j):
                x = comb[k]
                d = (x >> np.uint64(posbits)) & dmask
                if d != last:
                    comb[o] = (d << np.uint64(32)) | (x & pmask)
                    o += 1
                    last = d
        i = j
    return o


def _scan(comb: np.ndarray, docbits: int, posbits: int) -> tuple[int, np.ndarray, np.ndarray]:
    """Buckets of a sorted ``pick | doc | pos`` array, compacted in place: the first
    ``n_out`` entries become the members of buckets with ≥ 2 documents as ``doc << 32 | pos``
    (one entry per document, its first position). Returns ``(n_out, starts, sizes)``.

    In place because at national scale the members are the stage's largest array: written
    beside the keys they would double its memory. The write index never passes the read
    index, so no key is overwritten before it is read. The bucket bounds are int32 when
    they fit (half the bytes; figures in benchmarks/README.md, "Memory notes")."""
    n_out, n_b = _scan_count(comb, docbits, posbits)
    dtype = np.int32 if n_out < 2**31 else np.int64
    starts = np.empty(n_b, dtype)
    sizes = np.empty(n_b, dtype)
    _scan_fill(comb, docbits, posbits, starts, sizes)
    return n_out, starts, sizes


@njit(cache=True, inline="always")
def _member_doc(x):
    return np.int64(x >> np.uint64(32))


@njit(cache=True, inline="always")
def _member_pos(x):
    return np.int64(x & np.uint64(0xFFFFFFFF))


def _bits(x: int) -> int:
    return max(1, int(x).bit_length())


def _libc_madvise():
    """libc's ``madvise`` on Linux, else ``None`` (then nothing is handed back early)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        fn = ctypes.CDLL(None, use_errno=True).madvise
    except (OSError, AttributeError):
        return None
    fn.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
    fn.restype = ctypes.c_int
    return fn


_MADVISE = _libc_madvise()
_MADV_DONTNEED = 4  # Linux: the pages are freed and read back as zeros
_PAGE = mmap.PAGESIZE


class PickTable:
    """Every document's packed picks (:func:`pack_picks`) in one array, document after
    document: a corpus's picks as one block of memory instead of one small array a report.

    Example::

        >>> t = PickTable()
        >>> t.add(pack_picks(np.array([5, 9], np.uint64), np.array([0, 3])))
        >>> t.add(pack_picks(np.array([9], np.uint64), np.array([7])))
        >>> t.lens.tolist(), t.flat.shape[0]
        ([2, 1], 3)
    """

    def __init__(self) -> None:
        self._buf = bytearray()
        self._lens: list[int] = []

    def add(self, packed: np.ndarray) -> None:
        """Append one document's packed picks."""
        self._buf += np.ascontiguousarray(packed, dtype=np.uint64).tobytes()
        self._lens.append(int(packed.shape[0]))

    @property
    def flat(self) -> np.ndarray:
        """All picks, writable (the LSH stage rewrites them in place)."""
        return np.frombuffer(self._buf, dtype=np.uint64) if self._buf else np.zeros(0, np.uint64)

    @property
    def lens(self) -> np.ndarray:
        """Picks per document."""
        return np.asarray(self._lens, dtype=np.int64)

    def __len__(self) -> int:
        return len(self._lens)

    def release(self) -> None:
        """Drop the picks' memory (the document count stays). Arrays still viewing the old
        buffer keep it alive until they go, so callers delete theirs first."""
        self._buf = bytearray()

    def discard_after(self, n: int) -> None:
        """Hand the memory of every pick after the first ``n`` back to the system (Linux; a no-op
        elsewhere). The buffer keeps its size and those picks read as zeros from then on.

        After the members are compacted to the front of the table, a fifth of it is dead
        weight for the rest of the LSH stage (benchmarks/README.md, "Memory notes"); a bytearray cannot
        shrink in place while numpy views it, so the pages are released with ``madvise``."""
        lo, hi = 8 * int(n), len(self._buf)
        if hi - lo < (1 << 20) or _MADVISE is None:
            return
        anchor = ctypes.c_char.from_buffer(self._buf)  # an export: held only for the address
        addr = ctypes.addressof(anchor)
        del anchor
        first = -(-(addr + lo) // _PAGE) * _PAGE
        last = (addr + hi) // _PAGE * _PAGE
        if last > first:
            _MADVISE(ctypes.c_void_p(first), ctypes.c_size_t(last - first), _MADV_DONTNEED)


@njit(cache=True)
def _max_low(arr, bits):
    """Largest value of the low ``bits`` bits of ``arr`` (a pick's or a member's position)."""
    m = np.uint64(0)
    mask = (np.uint64(1) << np.uint64(bits)) - np.uint64(1)
    for i in range(arr.shape[0]):
        p = arr[i] & mask
        if p > m:
            m = p
    return np.int64(m)


@njit(cache=True)
def _to_keys(flat, lens, docbits, posbits, valbits):
    """Rewrite packed picks in place as ``value | doc | pos`` sort keys."""
    vmask = (np.uint64(1) << np.uint64(valbits)) - np.uint64(1)
    pmask = np.uint64((1 << POS_BITS) - 1)
    low = np.uint64(docbits + posbits)
    o = 0
    for k in range(lens.shape[0]):
        kd = np.uint64(k) << np.uint64(posbits)
        for i in range(o, o + lens[k]):
            x = flat[i]
            flat[i] = (((x >> np.uint64(POS_BITS)) & vmask) << low) | kd | (x & pmask)
        o += lens[k]


def _members(picks, positions: list[np.ndarray] | None = None, packed: bool = False):
    """``(members, starts, sizes)``: bucket members as ``doc << 32 | pos`` (uint64, a view
    into the pick table's memory, which it keeps alive), see :func:`buckets`."""
    if not isinstance(picks, PickTable):
        table = PickTable()
        for k, p in enumerate(picks):
            table.add(p if packed else pack_picks(p, None if positions is None else positions[k]))
        picks = table
    flat, lens = picks.flat, picks.lens
    ndocs, total = int(lens.shape[0]), int(flat.shape[0])
    e = np.zeros(0, dtype=np.int64)
    if ndocs == 0 or total == 0:
        return np.zeros(0, np.uint64), e, e
    maxpos = int(_max_low(flat, POS_BITS))
    docbits, posbits = _bits(ndocs - 1), _bits(maxpos)
    # The pick keeps the bits left over by document and position; two different picks that
    # agree on them only add collisions, which the diagonal bands and alignment then reject.
    valbits = min(64 - docbits - posbits, 64 - POS_BITS)
    _to_keys(flat, lens, docbits, posbits, valbits)
    flat.sort()
    n_out, starts, sizes = _scan(flat, docbits, posbits)
    picks.discard_after(n_out)
    # the table is consumed: the caller's handle lets go of it, the view keeps it
    picks.release()
    return flat[:n_out], starts, sizes


def buckets(picks, positions: list[np.ndarray] | None = None, *, packed: bool = False):
    """Sorted buckets: ``(doc, pos, starts, sizes)`` where ``doc[starts[g]:starts[g]+sizes[g]]``
    are the documents (ascending) sharing bucket ``g`` and ``pos`` the pick's position in
    each; only buckets of ≥ 2 documents. ``pos`` is all zeros without ``positions``.

    ``picks``: a list of pick arrays per document, or a :class:`PickTable`. ``packed``: the
    arrays are :func:`pack_picks` arrays (positions inside). A :class:`PickTable` is
    rewritten in place: it is consumed.
    """
    m, starts, sizes = _members(picks, positions, packed)
    return (m >> np.uint64(32)).astype(np.int32), (m & np.uint64(0xFFFFFFFF)).astype(np.int32), starts, sizes


@njit(cache=True)
def _fan(s, j, medium_max):
    """How many earlier members member ``j`` of a bucket of ``s`` documents is paired with:
    all of them up to ``medium_max`` documents, the first only in a bigger bucket."""
    return j if s <= medium_max else 1


@njit(cache=True)
def _doc_counts(m, starts, sizes, medium_max, ndocs):
    """Collisions per document as the larger one of the pair. Members of a bucket are
    ascending, so member ``j`` is the larger document of each of its pairs."""
    counts = np.zeros(ndocs, np.int64)
    for g in range(starts.shape[0]):
        st, s = starts[g], sizes[g]
        for j in range(1, s):
            counts[_member_doc(m[st + j])] += _fan(s, j, medium_max)
    return counts


@njit(cache=True)
def _emit(m, starts, sizes, clique_max, medium_max, lo, hi, ndocs, span, dmin, shift,
          band, pbits, pshift, out):
    """Write the codes of the collisions whose larger document is in ``[lo, hi)`` into
    ``out``; returns how many. Pairs as :func:`_fan` says, flagged rare in buckets of at
    most ``clique_max`` documents. A code is ``((pair, diagonal band) << 1 | not_rare) <<
    pbits | position in a``. A bucket's members ascend by document, so the members in the
    range are found by bisection and a bucket wholly outside it costs two reads."""
    o = 0
    for g in range(starts.shape[0]):
        st, s = starts[g], sizes[g]
        if _member_doc(m[st + s - 1]) < lo or _member_doc(m[st + 1]) >= hi:
            continue
        j0, j1 = 1, s
        while j0 < j1:
            mid = (j0 + j1) // 2
            if _member_doc(m[st + mid]) < lo:
                j0 = mid + 1
            else:
                j1 = mid
        notrare = np.int64(0) if s <= clique_max else np.int64(1)
        for j in range(j0, s):
            b = _member_doc(m[st + j])
            if b >= hi:
                break
            pb = _member_pos(m[st + j])
            for i in range(_fan(s, j, medium_max)):
                a = _member_doc(m[st + i])
                pa = _member_pos(m[st + i])
                code = (a * ndocs + b) * span + (pb - pa - dmin + shift) // band
                out[o] = (((code << 1) | notrare) << pbits) | (pa >> pshift)
                o += 1
    return o


def _shares(per_doc: np.ndarray, part_size: int) -> list[tuple[int, int, int]]:
    """Consecutive document ranges ``(lo, hi, collisions)`` of at most ``part_size``
    collisions each (a single document with more is a range of its own)."""
    cum = np.cumsum(per_doc)
    out, lo, done = [], 0, 0
    n = per_doc.shape[0]
    while lo < n:
        hi = int(np.searchsorted(cum, done + part_size, side="right"))
        hi = min(n, max(hi, lo + 1))
        total = int(cum[hi - 1]) - done
        if total:
            out.append((lo, hi, total))
        done, lo = int(cum[hi - 1]), hi
    return out


@njit(cache=True)
def _qualifying(code, pbits, min_shared, star_min_shared):
    """Rows of sorted collision codes grouped by (pair, band) that qualify: ``(group, first
    position, last position)``. Within a group rare collisions (flag 0) sort first, each
    kind by position."""
    pmask = (np.int64(1) << pbits) - 1
    n = code.shape[0]
    # first pass counts, so the output is allocated once at its size
    m, i = 0, 0
    while i < n:
        g = code[i] >> (pbits + 1)
        j, nr = i, 0
        while j < n and (code[j] >> (pbits + 1)) == g:
            if ((code[j] >> pbits) & 1) == 0:
                nr += 1
            j += 1
        if j - i >= star_min_shared or nr >= min_shared:
            m += 1
        i = j
    u = np.empty(m, np.int64)
    lo = np.empty(m, np.int64)
    hi = np.empty(m, np.int64)
    k, i = 0, 0
    while i < n:
        g = code[i] >> (pbits + 1)
        j, nr = i, 0
        first, last = np.int64(1) << 62, np.int64(-1)
        while j < n and (code[j] >> (pbits + 1)) == g:
            if ((code[j] >> pbits) & 1) == 0:
                nr += 1
            p = code[j] & pmask
            first = min(first, p)
            last = max(last, p)
            j += 1
        if j - i >= star_min_shared or nr >= min_shared:
            u[k], lo[k], hi[k] = g, first, last
            k += 1
        i = j
    return u, lo, hi


def band_geometry(maxpos: int, ndocs: int, band: int) -> tuple[int, int, int, int]:
    """``(dmin, span, pbits, pshift)`` of the collision codes :func:`candidate_pairs` makes:
    the lowest diagonal bin, the bins per pair, the bits left for a position, and how far
    positions are shifted when they do not fit. ``Archive.check`` calls it too, so that its
    per-report bands are the batch run's."""
    dmin = (-maxpos // band) * band
    span = (2 * -dmin + band // 2) // band + 1
    free = 62 - int(np.ceil(np.log2(float(ndocs) * ndocs * span + 1)))
    pbits = max(0, min(16, free))
    # positions too large for the free bits are kept coarsely (the caller pads the ranges)
    pshift = max(0, maxpos.bit_length() - pbits)
    return dmin, span, pbits, pshift


def candidate_pairs(
    picks: list[np.ndarray],
    min_shared: int = 2,
    clique_max: int = 8,
    star_min_shared: int = 4,
    positions: list[np.ndarray] | None = None,
    band: int = 64,
    return_bands: bool = False,
    *,
    packed: bool = False,
    part_size: int = 16_000_000,
    medium_max: int = 0,
):
    """Document pairs ``(a, b, shared)`` with ``a < b`` worth aligning.

    Buckets of at most ``clique_max`` documents (rare shingles) give all their pairs;
    larger ones (common wording) pair each member with the bucket's first (earliest)
    document only. A pair qualifies with ``min_shared`` rare buckets, or with
    ``star_min_shared`` buckets of any size: common wording is weaker evidence. With
    ``positions`` (pick positions, or ``packed`` picks), only collisions on one diagonal
    band of ``band`` characters count together: a copied passage collides many times at
    one offset, unrelated text that happens to share phrases collides at scattered offsets.
    ``shared`` is then the number of qualifying bands. With ``return_bands`` a fourth item
    ``(pair_index, diag_lo, diag_hi, pos_lo, pos_hi)`` lists each pair's qualifying diagonal
    bands (``j - i`` in shingle positions) and the span of ``a`` positions their collisions
    cover, so alignment can look only there. ``picks``/``packed``: see :func:`buckets`;
    ``part_size``: about how many collisions are sorted at a time (memory: 8 bytes each; the
    result does not depend on it). ``medium_max``: buckets of more than ``clique_max`` and at
    most ``medium_max`` documents give all their pairs too, as common evidence: at corpus
    scale a copied passage's shingles also turn up by chance in other reports, some of them
    earlier than the copy's source, and pairing each member with the bucket's first only
    would pair the copies with those instead of with each other.
    """
    ndocs = len(picks)
    members, starts, sizes = _members(picks, positions, packed)
    e = np.zeros(0, dtype=np.int64)
    if starts.shape[0] == 0:
        return (e, e, e, (e, e, e, e, e)) if return_bands else (e, e, e)
    maxpos = int(_max_low(members, 32))
    # Count collisions per (pair, diagonal band), with two binnings offset by half a band
    # so a band edge never splits a passage's collisions. One in-place sort of a code per
    # collision, ``((pair, band) << 1 | not_rare) << pbits | position in a``, does the
    # grouping and gives each band's first and last position. Collisions are written straight
    # into their codes by a compiled pass over the buckets: no corpus-wide index arrays.
    # bins start at multiples of ``band`` whatever the corpus, so a pair's bands do not
    # depend on the other documents
    dmin, span, pbits, pshift = band_geometry(maxpos, ndocs, band)
    # Collisions are sorted and counted one share of pairs at a time, a share being a range of
    # the pair's larger document: every collision of a pair lands in the same share, so each
    # share is settled on its own and memory holds one share's collisions, not the corpus's.
    # Per share the compiled emitter reads each bucket's ends and bisects into the buckets that
    # reach the range (a large corpus has many shares and millions of buckets: walking every
    # member once per share made this stage grow faster than the corpus). Most (pair,
    # band) rows hold a single chance collision and are dropped at once.
    medium_max = max(clique_max, medium_max)
    shares = _shares(_doc_counts(members, starts, sizes, medium_max, ndocs), max(1, part_size))
    q_pair, q_lo, q_imin, q_imax = [], [], [], []
    for lo_doc, hi_doc, count in shares:
        code = np.empty(count, np.int64)
        for shift in (0, band // 2):
            m = _emit(members, starts, sizes, clique_max, medium_max, lo_doc, hi_doc, ndocs, span, dmin,
                      shift, band, pbits, pshift, code)
            code[:m].sort()
            u, lo_p, hi_p = _qualifying(code[:m], pbits, min_shared, star_min_shared)
            q_pair.append(u // span)
            q_lo.append((u % span) * band - shift + dmin)
            q_imin.append(lo_p << pshift)
            q_imax.append((hi_p + 1) << pshift)
        del code
    # the members hold the pick table's memory: let it go before the bands are gathered
    del members, starts, sizes
    qp = np.concatenate(q_pair)
    ql = np.concatenate(q_lo)
    qi0, qi1 = np.concatenate(q_imin), np.concatenate(q_imax)
    o = np.lexsort((ql, qp))
    qp, ql, qi0, qi1 = qp[o], ql[o], qi0[o], qi1[o]
    pairs, first, counts = np.unique(qp, return_index=True, return_counts=True)
    a, b = pairs // ndocs, pairs % ndocs
    if return_bands:
        idx = np.repeat(np.arange(pairs.shape[0]), counts)
        return a, b, counts, (idx, ql, ql + band, qi0, qi1)
    return a, b, counts


__all__ = ["buckets", "candidate_pairs", "pack_picks", "PickTable", "POS_BITS"]
