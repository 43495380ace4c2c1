"""spaCy integration: ``load_nlp()`` and the ``giptext_sections`` pipeline component.

The component runs :func:`giptext.sections.split_sections` on ``doc.text`` and stores
- ``doc.spans["sections"]``: one span per non-empty section body, ``label_`` = canonical label;
- ``doc.spans["statements"]``: one span per problem/improvement statement, ``label_`` = kind.

Character offsets become token spans with ``doc.char_span(..., alignment_mode="expand")``
(jieba tokens need not end where a section does).

Example::

    >>> nlp = load_nlp()                                        # doctest: +SKIP
    >>> doc = nlp("一、总体情况\\n今年。\\n二、存在的主要问题\\n一是公开不及时；二是形式单一。")  # doctest: +SKIP
    >>> [(s.label_, s.text) for s in doc.spans["sections"]]    # doctest: +SKIP
    [('overview', '\\n今年。\\n'), ('problems', '\\n一是公开不及时；二是形式单一。')]
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from giptext.sections.splitter import split_sections
from giptext.sections.statements import extract_statements_from

#: Sentence-final punctuation of Chinese reports (full and half width).
CHINESE_PUNCT = ["。", "！", "？", "；", "!", "?", ";", "…", "\n"]


class SectionsComponent:
    """Adds ``sections`` and ``statements`` span groups to a Doc (see the module docstring)."""

    def __init__(self, nlp: Language, name: str, sections_key: str = "sections", statements_key: str = "statements"):
        self.name = name
        self.sections_key = sections_key
        self.statements_key = statements_key

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        sections = split_sections(text)
        spans = []
        for s in sections:
            if s.end <= s.start:
                continue
            span = doc.char_span(s.start, s.end, label=s.label, alignment_mode="expand")
            if span is not None and len(span):
                spans.append(span)
        doc.spans[self.sections_key] = spans
        st_spans = []
        for st in extract_statements_from(text, sections):
            span = doc.char_span(st.start, st.end, label=st.kind, alignment_mode="expand")
            if span is not None and len(span):
                st_spans.append(span)
        doc.spans[self.statements_key] = st_spans
        return doc


@Language.factory(
    "giptext_sections",
    default_config={"sections_key": "sections", "statements_key": "statements"},
)
def make_sections_component(nlp: Language, name: str, sections_key: str, statements_key: str) -> SectionsComponent:
    """Factory of the ``giptext_sections`` component (``nlp.add_pipe("giptext_sections")``)."""
    return SectionsComponent(nlp, name, sections_key=sections_key, statements_key=statements_key)


def load_nlp() -> Language:
    """A blank Chinese pipeline: jieba segmenter, Chinese sentencizer, ``giptext_sections``.

    Needs no model download (``spacy.blank``).

    >>> nlp = load_nlp()   # doctest: +SKIP
    >>> nlp.pipe_names     # doctest: +SKIP
    ['sentencizer', 'giptext_sections']
    """
    import spacy

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    nlp.add_pipe("sentencizer", config={"punct_chars": CHINESE_PUNCT})
    nlp.add_pipe("giptext_sections")
    return nlp


__all__ = ["load_nlp", "SectionsComponent", "make_sections_component", "CHINESE_PUNCT"]
