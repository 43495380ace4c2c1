"""The reuse engine's settings: small, frozen, validated objects with documented defaults.

:func:`giptext.reuse.detect` has one knob most users need, ``threshold`` (the least edit
similarity of a reported passage), and derives the rest. Whoever studies the engine groups
the other settings by stage and passes them through one escape hatch, ``settings=``:

* :class:`LSHSettings`: which report pairs are aligned at all (sliding-window MinHash picks
  and the buckets that pair reports);
* :class:`AlignSettings`: how a passage is found and measured inside a pair;
* :class:`TemplateSettings`: when a family or passage counts as template text;
* :class:`ParaphraseSettings` (``detect(paraphrase=...)``): the sentence-embedding stage.

Every object checks its values when it is made (a wrong type raises :class:`TypeError`, a
value out of range :class:`giptext.errors.ConfigError`, a :class:`ValueError`), cannot be
changed afterwards (make a new one with :func:`dataclasses.replace`), and turns into a plain
dict with ``to_dict()`` for ``ReuseResult.params``.

Example::

    >>> from giptext.reuse.settings import LSHSettings, ReuseSettings
    >>> LSHSettings(window=4).window
    4
    >>> ReuseSettings.of(LSHSettings(window=4)).align.min_match
    10
    >>> LSHSettings(window=0)
    Traceback (most recent call last):
    ...
    giptext.errors.ConfigError: LSHSettings.window must be at least 1, got 0
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from giptext.errors import ConfigError
from giptext.reuse.paraphrase import (
    EXACT_MAX,
    FIGURES_MIN,
    HUB_MAX,
    K_NEIGHBOURS,
    LEXICAL_MIN,
    LOW_MARGIN,
    MARGIN,
    MIN_PAIR_CHARS,
    PROBES,
)

#: ``detect``'s default similarity threshold: the least normalised Levenshtein similarity of a
#: copy passage, and the edit similarity from which a sentence pair is a copy, not a paraphrase.
THRESHOLD = 0.65
#: Shingle length of the MinHash/LSH stage, in normalised characters. Longer shingles are
#: rarer, so two reports colliding on one is better evidence of a copy; every study so far
#: kept 8, so it is fixed here rather than offered as a setting.
LSH_SHINGLE = 8
#: Least length of the longest exact run a passage needs: two frequent short phrases with
#: unrelated text between them are not a copy.
MIN_RUN = 8
#: A passage with fewer identical characters than this must make up most of a sentence
#: (short shared phrases inside unrelated sentences are chance, not reuse).
LONG_MATCH = 20
#: The sliding MinHash window's default (:attr:`LSHSettings.window`): a shared run of ``L``
#: characters holds at least ``(L - LSH_SHINGLE + 1) // window`` picks, and a pair of
#: reports needs :attr:`LSHSettings.min_shared` of them to be aligned, so a smaller window
#: finds shorter reworded sentences at the cost of more candidate pairs. Why 3: see
#: ``experiments/reuse_window/README.md``.
WINDOW = 3


def _check_int(owner: str, name: str, value: Any, least: int, most: int | None = None) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{owner}.{name} must be an int, got {type(value).__name__}")
    if value < least:
        raise ConfigError(None, f"{owner}.{name} must be at least {least}, got {value}")
    if most is not None and value > most:
        raise ConfigError(None, f"{owner}.{name} must be at most {most}, got {value}")


def _check_float(owner: str, name: str, value: Any, least: float, most: float | None = None,
                 open_low: bool = False) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{owner}.{name} must be a number, got {type(value).__name__}")
    if value != value:
        raise ConfigError(None, f"{owner}.{name} must be a number, got NaN")
    if value < least or (open_low and value == least):
        raise ConfigError(None, f"{owner}.{name} must be {'above' if open_low else 'at least'} {least}, got {value}")
    if most is not None and value > most:
        raise ConfigError(None, f"{owner}.{name} must be at most {most}, got {value}")


class _Settings:
    """Shared behaviour: ``to_dict()``."""

    def to_dict(self) -> dict[str, Any]:
        """The settings as a plain dict (JSON-ready; an embedder object is named)."""
        out = {}
        for f in fields(self):  # type: ignore[arg-type]
            v = getattr(self, f.name)
            if isinstance(v, _Settings):
                v = v.to_dict()
            elif not isinstance(v, (str, int, float, bool, type(None))):
                v = getattr(v, "name", type(v).__name__)
            out[f.name] = v
        return out


@dataclass(frozen=True)
class LSHSettings(_Settings):
    """Which report pairs are aligned: sliding-window MinHash picks and LSH buckets.

    ``window``: MinHash window in shingles (:data:`WINDOW`; 1 keeps every shingle);
    ``permutations``: hash permutations per window (1–8; more picks, more candidates);
    ``min_shared``: rare buckets (at most ``clique_max`` reports) two reports must share to be
    aligned, or ``star_min_shared`` buckets of any size; buckets of up to ``medium_max``
    reports give all their pairs, larger ones pair each member with their earliest report only
    (``None``: derived from the corpus size, one per thousand reports, between ``clique_max``
    and 128, because the reports a shingle reaches by chance grow with the corpus).
    """

    window: int = WINDOW
    permutations: int = 1
    min_shared: int = 2
    clique_max: int = 8
    medium_max: int | None = None
    star_min_shared: int = 4

    def __post_init__(self) -> None:
        o = "LSHSettings"
        _check_int(o, "window", self.window, 1)
        _check_int(o, "permutations", self.permutations, 1, 8)
        _check_int(o, "min_shared", self.min_shared, 1)
        _check_int(o, "clique_max", self.clique_max, 2)
        if self.medium_max is not None:
            _check_int(o, "medium_max", self.medium_max, self.clique_max)
        _check_int(o, "star_min_shared", self.star_min_shared, 1)

    def medium_for(self, n_reports: int) -> int:
        """:attr:`medium_max` for a corpus of ``n_reports`` (derived when ``None``)."""
        if self.medium_max is not None:
            return self.medium_max
        return int(min(128, max(self.clique_max, n_reports // 1000)))


@dataclass(frozen=True)
class AlignSettings(_Settings):
    """How a passage is found inside a candidate pair.

    ``seed``: length of the exact n-grams the alignment starts from (normalised characters);
    ``min_match``: fewest identical normalised characters a passage needs; ``mask_digits``:
    align with figures masked (boilerplate that differs only in its counts, dates and phone
    numbers is found) and measure the similarity on the real figures (so such text is not
    reported as a copy unless it is similar enough with them).
    """

    seed: int = 5
    min_match: int = 10
    mask_digits: bool = True

    def __post_init__(self) -> None:
        _check_int("AlignSettings", "seed", self.seed, 2)
        _check_int("AlignSettings", "min_match", self.min_match, 1)
        if not isinstance(self.mask_digits, bool):
            raise TypeError(f"AlignSettings.mask_digits must be a bool, got {type(self.mask_digits).__name__}")


@dataclass(frozen=True)
class TemplateSettings(_Settings):
    """When reused text counts as template (mandated or ubiquitous wording, not a copy).

    A family is template text when at least ``share`` of the corpus's agencies use it (and at
    least ``min_agencies``), or when at least ``coverage`` of its first occurrence is
    mandated wording (:func:`giptext.reuse.classify.template_coverage`); a passage is template
    when its family is, or when ``coverage`` of its own text is mandated wording.
    """

    share: float = 0.1
    min_agencies: int = 5
    coverage: float = 0.5

    def __post_init__(self) -> None:
        _check_float("TemplateSettings", "share", self.share, 0.0, 1.0)
        _check_int("TemplateSettings", "min_agencies", self.min_agencies, 1)
        _check_float("TemplateSettings", "coverage", self.coverage, 0.0, 1.0, open_low=True)

    def agency_bar(self, total_agencies: int) -> float:
        """Least number of agencies that makes a family template text in this corpus."""
        return max(self.min_agencies, self.share * total_agencies)

    def mostly_mandated(self, coverage: float) -> bool:
        """Is a text whose template coverage is ``coverage`` mostly mandated wording?"""
        return coverage >= self.coverage


@dataclass(frozen=True)
class ParaphraseSettings(_Settings):
    """The sentence-embedding stage that pairs reworded sentences (``detect(paraphrase=)``).

    ``embedder``: a giptext model name (``"static-zh"``, ``"e5-small"``) or an object with
    ``encode(list[str]) -> array`` (such as :class:`giptext.embed.Embedder`); ``threshold``:
    least cosine of a pair (``None``: the value calibrated for the embedder,
    :data:`giptext.reuse.paraphrase.THRESHOLDS`). The other settings are the gates documented
    in :mod:`giptext.reuse.paraphrase`: ``k`` neighbours per unit (:data:`~giptext.reuse.
    paraphrase.K_NEIGHBOURS`); ``window`` 2 also compares two adjacent sentences as one unit;
    ``lexical`` least TF-IDF bigram cosine; ``margin`` least ratio to the units' crowd
    cosines; ``low_threshold``/``low_margin`` a second, lower cosine bar for pairs that stand
    out more (``"auto"``: the embedder's calibrated value when ``threshold`` is ``None``,
    else off); ``figures_min`` least overlap of the figures both units state;
    ``min_pair_chars`` least length of the shorter unit; ``hub_threshold``/``hub_max`` drop a
    pair whose two units are both hubs of the register (``"auto"``: the embedder's value,
    ``None``: off); ``probes``/``exact_max`` the neighbour search; ``common`` principal
    directions removed from the embeddings first (0: off).

    The edit similarity above which a sentence pair is a copy, not a paraphrase, is not a
    setting here: it is ``detect``'s ``threshold``, so a pair below it as a copy is always
    eligible as a paraphrase.
    """

    embedder: Any = "static-zh"
    threshold: float | None = None
    k: int = K_NEIGHBOURS
    window: int = 2
    lexical: float = LEXICAL_MIN
    margin: float = MARGIN
    low_threshold: float | str | None = "auto"
    low_margin: float = LOW_MARGIN
    figures_min: float = FIGURES_MIN
    min_pair_chars: int = MIN_PAIR_CHARS
    hub_threshold: float | str | None = "auto"
    hub_max: int = HUB_MAX
    probes: int = PROBES
    exact_max: int = EXACT_MAX
    common: int = 0

    def __post_init__(self) -> None:
        o = "ParaphraseSettings"
        if not isinstance(self.embedder, str) and not callable(getattr(self.embedder, "encode", None)):
            raise TypeError(f"{o}.embedder must be a model name or an object with encode(), "
                            f"got {type(self.embedder).__name__}")
        if self.threshold is not None:
            _check_float(o, "threshold", self.threshold, -1.0, 1.0)
        _check_int(o, "k", self.k, 1)
        _check_int(o, "window", self.window, 1, 2)
        _check_float(o, "lexical", self.lexical, 0.0)
        _check_float(o, "margin", self.margin, 0.0)
        for name in ("low_threshold", "hub_threshold"):
            v = getattr(self, name)
            if v is not None and v != "auto":
                _check_float(o, name, v, -1.0, 1.0)
        _check_float(o, "low_margin", self.low_margin, 0.0)
        _check_float(o, "figures_min", self.figures_min, 0.0, 1.0)
        _check_int(o, "min_pair_chars", self.min_pair_chars, 0)
        _check_int(o, "hub_max", self.hub_max, 0)
        _check_int(o, "probes", self.probes, 1)
        _check_int(o, "exact_max", self.exact_max, 0)
        _check_int(o, "common", self.common, 0)

    @property
    def embedder_name(self) -> str:
        """The embedder's name, the key of the calibrated per-embedder values."""
        return self.embedder if isinstance(self.embedder, str) else str(getattr(self.embedder, "name", ""))

    @classmethod
    def of(cls, paraphrase: Any) -> "ParaphraseSettings | None":
        """``detect(paraphrase=)`` as settings: ``None``/``False`` off, ``True`` the defaults,
        a model name or an embedder object that embedder with the defaults, or settings."""
        if paraphrase is None or paraphrase is False:
            return None
        if paraphrase is True:
            return cls()
        if isinstance(paraphrase, cls):
            return paraphrase
        if isinstance(paraphrase, str) or callable(getattr(paraphrase, "encode", None)):
            return cls(embedder=paraphrase)
        raise TypeError("paraphrase must be None, True, a model name, an embedder or ParaphraseSettings, "
                        f"got {type(paraphrase).__name__}")


@dataclass(frozen=True)
class ReuseSettings(_Settings):
    """All of the copy engine's settings, by stage (``detect(settings=)``)."""

    lsh: LSHSettings = field(default_factory=LSHSettings)
    align: AlignSettings = field(default_factory=AlignSettings)
    template: TemplateSettings = field(default_factory=TemplateSettings)

    def __post_init__(self) -> None:
        for name, kind in (("lsh", LSHSettings), ("align", AlignSettings), ("template", TemplateSettings)):
            if not isinstance(getattr(self, name), kind):
                raise TypeError(f"ReuseSettings.{name} must be {kind.__name__}, got {type(getattr(self, name)).__name__}")

    @classmethod
    def of(cls, settings: Any) -> "ReuseSettings":
        """``detect(settings=)`` as one object: ``None`` the defaults, a :class:`ReuseSettings`,
        one stage's settings or a list of them (the other stages keep their defaults)."""
        if settings is None:
            return cls()
        if isinstance(settings, cls):
            return settings
        parts = [settings] if isinstance(settings, _Settings) else settings
        if not isinstance(parts, (list, tuple)):
            raise TypeError(f"settings must be ReuseSettings, LSHSettings, AlignSettings or TemplateSettings "
                            f"(or a list of them), got {type(settings).__name__}")
        kw: dict[str, Any] = {}
        for p in parts:
            name = {LSHSettings: "lsh", AlignSettings: "align", TemplateSettings: "template"}.get(type(p))
            if name is None:
                hint = " (pass it as detect(paraphrase=...))" if isinstance(p, ParaphraseSettings) else ""
                raise TypeError(f"settings cannot hold a {type(p).__name__}{hint}")
            if name in kw:
                raise ConfigError(None, f"settings hold two {type(p).__name__} objects")
            kw[name] = p
        return cls(**kw)


__all__ = ["LSHSettings", "AlignSettings", "TemplateSettings", "ParaphraseSettings", "ReuseSettings",
           "THRESHOLD", "LSH_SHINGLE", "MIN_RUN", "LONG_MATCH", "WINDOW"]
