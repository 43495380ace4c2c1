"""Section splitting: headings, the splitter, problem/improvement statements, the spaCy component.

Public entry points::

    >>> from giptext.sections import split_sections
    >>> [s.label for s in split_sections("前言\\n一、总体情况\\n我局认真落实条例。\\n五、存在的主要问题及改进情况\\n"
    ...                                   "一是栏目更新不够及时。")]
    ['preamble', 'overview', 'problems']

``section_part(report, name)`` gives the overview / problems part / improvements part
text, ``extract_statements(report)`` the enumerated statements; ``load_nlp()`` (in
:mod:`giptext.sections.spacy_component`) a spaCy pipeline that adds both as span groups.
"""
from giptext.sections.splitter import split_sections, top_level_headings
from giptext.sections.statements import extract_statements, parts, section_part

__all__ = ["split_sections", "section_part", "extract_statements", "parts", "top_level_headings"]
