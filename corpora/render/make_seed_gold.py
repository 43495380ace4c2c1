"""Write ``gold_seeds.jsonl``: the seeds' section spans, from the splitter, checked by reading.

Run from the repository root (``python -m corpora.render.make_seed_gold``). The splitter's
sections of each seed's reading text were read section by section (first and last characters of
every span, every heading); the corrections below are the places where reading disagreed. The
file stores the SHA-256 of the reading text it was checked on; the benchmark refuses a gold row
whose text changed (re-run this and re-check by reading).
"""
from __future__ import annotations

import json
from pathlib import Path

from corpora.render.model import gold_of
from corpora.render.sources import seed_docs

GOLD = Path(__file__).with_name("gold_seeds.jsonl")

# Corrections found by reading (id → what was wrong and how it is fixed).
# The splitter ends 六、其他需要报告的事项 at its heading when the body is one short line (无) and
# calls that line 'other'; it is the section's body, so it joins other_matters.
_MERGE_TRAILING_OTHER = {"seed_000_6319e4ffbf0a3273", "seed_004_962847e4ed31934a"}


def checked_sections(doc) -> list[dict]:
    """The splitter's sections of ``doc`` with the by-reading corrections applied."""
    secs = [dict(s) for s in gold_of(doc)["sections"]]
    if doc.id in _MERGE_TRAILING_OTHER and len(secs) >= 2 and secs[-1]["label"] == "other" \
            and secs[-2]["label"] == "other_matters":
        last = secs.pop()
        secs[-1]["end"] = last["end"]
    return secs


def main() -> None:
    rows = []
    for doc in seed_docs():
        rows.append({"id": doc.id, "origin": doc.origin, "sha": doc.sha(), "checked_by": "reading",
                     "sections": checked_sections(doc)})
    tmp = GOLD.with_suffix(".tmp")
    tmp.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    tmp.replace(GOLD)
    print(f"wrote {GOLD} ({len(rows)} seeds)")


if __name__ == "__main__":
    main()
