"""Build the hand-labelled statement corpus (``corpora/labelled/``) from its sources.

Inputs (all in this folder unless noted):

* ``raw/pages_*.txt`` -- report text collected from stored public pages with the ``search`` tool
  (corpus ``pages``), one block per page::

      @@URL https://...
      @@QUERY the query that found it
      @@TITLE a title, or '-' when the excerpt has none
      <the excerpt as returned>
      @@END

* ``../../../shared/seeds/*.txt`` (five whole reports) and ``../../../shared/dev`` (docs whose
  problems/improvements statements are not all in the dev gold).
* ``labels/pass1_*.tsv`` -- first-pass labels, one line per statement (see ``DECISIONS.md``)::

      KEY  labels[ ?]              labels for a splitter statement (KEY = doc:start); '?' = unsure
      KEY  labels = exact text     the same with its boundaries fixed by reading
      KEY  -  # reason             not a statement (lead-in, heading, fragment without an issue)
      +DOC kind labels = text      a statement the splitter missed (kind: problem|improvement)

* ``labels/pass2.tsv`` -- second, blind labelling of the unsure ones (``KEY labels``);
  ``labels/resolved.tsv`` -- the resolution where the two passes differ (``KEY labels``).

Outputs: ``docs/NNN.txt``, ``manifest.jsonl``, ``candidates.jsonl`` (every splitter statement,
kept for audit), ``gold_themes.jsonl``, ``exclude_check.jsonl`` (check.py result per page).

Run: ``PYTHONPATH=. .venv/bin/python corpora/labelled/build.py [--candidates]``.
``--candidates`` also prints the unlabelled candidates, for reading.
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import random
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = Path(os.environ.get("GIPTEXT_SHARED", HERE.parent.parent.parent / "shared"))
CODEBOOK = (
    "awareness mechanism content timeliness channels platform interpretation staff coordination "
    "requests supervision keyareas grassroots publicity confidentiality other"
).split()


def read_pages() -> list[dict]:
    """Blocks of ``raw/pages_*.txt`` in file order."""
    out = []
    for f in sorted(glob.glob(str(HERE / "raw" / "pages_*.txt"))):
        blocks = open(f, encoding="utf-8").read().split("@@END")
        for b in blocks:
            b = b.strip("\n")
            if not b.strip():
                continue
            head, meta = [], {}
            lines = b.split("\n")
            while lines and lines[0].startswith("@@"):
                k, _, v = lines.pop(0)[2:].partition(" ")
                meta[k.lower()] = v.strip()
            text = "\n".join(lines).strip("\n") + "\n"
            meta["text"] = text
            meta["raw_file"] = os.path.basename(f)
            out.append(meta)
    return out


def check_reserved(url: str, text: str, tmp: Path) -> str:
    """Run ``shared/exclude/check.py`` on the URL and the saved text; 'free' or 'reserved'."""
    tmp.write_text(text, encoding="utf-8")
    r = subprocess.run(
        [sys.executable, str(SHARED / "exclude" / "check.py"), url, str(tmp)],
        capture_output=True, text=True,
    )
    return "reserved" if r.returncode else "free"


def dev_rows():
    man = [json.loads(x) for x in open(SHARED / "dev" / "manifest.jsonl", encoding="utf-8")]
    gold = [json.loads(x) for x in open(SHARED / "dev" / "gold_themes.jsonl", encoding="utf-8")]
    return man, gold


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--candidates", action="store_true", help="print candidates that have no label yet")
    ap.add_argument("--pass2-list", action="store_true", help="print the unsure statements, shuffled, without labels")
    args = ap.parse_args(argv)

    from giptext.meta import extract_meta
    from giptext.report import Report

    dev_man, dev_gold = dev_rows()
    dev_urls = {m["url"].rstrip("/").lower() for m in dev_man}
    gold_by_doc: dict[str, list[str]] = {}
    for g in dev_gold:
        gold_by_doc.setdefault(g["id"], []).append(g["text"])

    docs: list[dict] = []  # id, text, manifest fields
    # (a) seeds
    for i, f in enumerate(sorted(glob.glob(str(SHARED / "seeds" / "*.txt")))):
        t = open(f, encoding="utf-8").read()
        docs.append({"src_key": f"S{i}", "text": t, "url": None, "title": None, "source": "seed",
                     "retrieval": f"shared/seeds/{os.path.basename(f)}", "query": None})
    # (b) dev docs with statements not in the dev gold
    for m in dev_man:
        f = SHARED / "dev" / "docs" / f"{m['id']}.txt"
        t = open(f, encoding="utf-8").read()
        docs.append({"src_key": f"D{m['id']}", "text": t, "url": m["url"], "title": None, "source": "dev",
                     "retrieval": f"shared/dev/docs/{m['id']}.txt", "query": m.get("source_query"),
                     "dev_id": m["id"], "dev_meta": m})
    # (c) pages
    seen_urls = set(dev_urls)
    skipped = []
    checks = []
    tmp = HERE / ".check_tmp.txt"
    for k, p in enumerate(read_pages()):
        u = p["url"]
        key = u.rstrip("/").lower()
        if key in seen_urls:
            skipped.append((u, "duplicate or in dev"))
            continue
        res = check_reserved(u, p["text"], tmp)
        checks.append({"url": u, "raw_file": p["raw_file"], "result": res})
        if res == "reserved":
            skipped.append((u, "reserved"))
            continue
        seen_urls.add(key)
        docs.append({"src_key": f"P{k:03d}", "text": p["text"], "url": u, "title": None if p.get("title", "-") == "-" else p["title"],
                     "source": "page", "retrieval": "search tool, corpus 'pages' (stored excerpt)",
                     "query": p.get("query"), "raw_file": p["raw_file"], "note": p.get("note", ""),
                     "page_meta": p.get("meta"), "genre": p.get("genre", "annual_report"),
                     "is_template_site": p.get("template") == "1"})
    if tmp.exists():
        tmp.unlink()

    # candidates per doc
    cands: dict[str, dict] = {}
    kept_docs = []
    for d in docs:
        r = Report("x", d["text"])
        sts = r.statements()
        if d["source"] == "dev":
            golds = gold_by_doc.get(d["dev_id"], [])
            sts = [s for s in sts if not any(s.text in g or g in s.text for g in golds)]
        d["_st"] = sts
        kept_docs.append(d)

    # labels decide which docs stay: a doc is kept when it has a candidate or a manual statement
    labels = read_labels()
    # assign ids: seeds 000-004, then dev docs, then pages, in order, only docs with candidates or '+' lines
    out_docs = []
    n = 0
    doc_key_of = {}
    # stable ids: seeds, then dev, then pages (pages keep raw order)
    for d in kept_docs:
        has_manual = any(k.startswith("+") and k[1:] == d["src_key"] for k in labels["add_docs"])
        if not d["_st"] and not has_manual:
            continue
        d["id"] = f"{n:03d}"
        n += 1
        doc_key_of[d["src_key"]] = d["id"]
        out_docs.append(d)

    manifest = []
    cand_rows = []
    for d in out_docs:
        meta = extract_meta(d["text"])
        dm = d.get("dev_meta") or {}
        if d.get("page_meta"):
            ag, yr, lv = (d["page_meta"].split("|") + ["", "", ""])[:3]
            dm = {"agency": ag or None, "year": int(yr) if yr.isdigit() else None, "level": lv or "unknown"}
        row = {
            "id": d["id"], "url": d["url"], "title": d["title"] or meta.title,
            "agency": dm.get("agency") or meta.agency,
            "year": dm.get("year") if dm else meta.year,
            "level": dm.get("level") or meta.level or "unknown",
            "source": d["source"], "retrieval": d["retrieval"], "source_query": d["query"],
            "source_key": d["src_key"],
            "meta_method": ("dev manifest" if d["source"] == "dev" else "read by hand from the excerpt"
                            if dm else "giptext.meta.extract_meta on the text (not checked by hand)"),
            "exclude_check": "free" if d["source"] == "page" else "not a gathered page",
            "note": d.get("note", ""),
            "script": script_of(d["text"]),
            "genre": d.get("genre") or ("annual_report" if d["source"] != "dev" else None),
            "is_template_site": d.get("is_template_site", (d.get("dev_meta") or {}).get("is_template_site", False)),
        }
        if d["source"] == "dev":
            row["dev_id"] = dm["id"]
        manifest.append(row)
        for s in d["_st"]:
            cand_rows.append({"key": f"{d['src_key']}@{s.start}", "id": d["id"], "start": s.start, "end": s.end,
                              "kind": s.kind, "section": s.section, "text": s.text})
    write_jsonl(HERE / "exclude_check.jsonl", checks)
    text_of = {d["id"]: d["text"] for d in out_docs}

    # gold
    gold = []
    cand_by_key = {c["key"]: c for c in cand_rows}
    unl = []
    for c in cand_rows:
        lab = labels["p1"].get(c["key"])
        if lab is None:
            unl.append(c)
            continue
        if lab["drop"]:
            continue
        start, end, text = c["start"], c["end"], c["text"]
        if lab.get("text"):
            start = find_near(text_of[c["id"]], lab["text"], c["start"])
            if start < 0:
                raise SystemExit(f"fixed text not in doc {c['id']}: {lab['text']}")
            end = start + len(lab["text"])
            text = lab["text"]
        gold.append(make_gold(c["id"], start, end, text, lab.get("kind") or c["kind"], c["section"], lab, labels, c["key"]))
    for key, lab in labels["adds"]:
        src = key.rsplit("#", 1)[0]
        did = doc_key_of.get(src)
        if did is None:
            raise SystemExit(f"added statement for unknown doc {src}")
        start = text_of[did].find(lab["text"])
        if start < 0:
            raise SystemExit(f"added text not in doc {did}: {lab['text']}")
        sec = "improvements" if lab["kind"] == "improvement" else "problems"
        key = f"+{src}@{start}"
        gold.append(make_gold(did, start, start + len(lab["text"]), lab["text"], lab["kind"], sec, lab, labels, key))
    # only documents that hold a labelled statement are kept; ids renumbered in source order
    used = {g["id"] for g in gold}
    remap = {}
    for row in manifest:
        if row["id"] in used:
            remap[row["id"]] = f"{len(remap):03d}"
    manifest = [dict(row, id=remap[row["id"]]) for row in manifest if row["id"] in remap]
    for g in gold:
        g["id"] = remap[g["id"]]
    for c in cand_rows:
        c["id"] = remap.get(c["id"])
    (HERE / "docs").mkdir(exist_ok=True)
    for f in glob.glob(str(HERE / "docs" / "*.txt")):
        os.unlink(f)
    for old, new in remap.items():
        (HERE / "docs" / f"{new}.txt").write_text(text_of[old], encoding="utf-8")
    write_jsonl(HERE / "manifest.jsonl", manifest)
    write_jsonl(HERE / "candidates.jsonl", cand_rows)
    gold.sort(key=lambda g: (g["id"], g["start"]))
    write_jsonl(HERE / "gold_themes.jsonl", gold)
    (HERE / "COUNTS.md").write_text(counts_md(gold, manifest), encoding="utf-8")
    missing = [k for k in labels["p1"] if k not in cand_by_key]
    print(f"docs {len(out_docs)}  candidates {len(cand_rows)}  unlabelled {len(unl)}  gold {len(gold)}  "
          f"skipped pages {len(skipped)}  stale label keys {len(missing)}", file=sys.stderr)
    for u, why in skipped:
        print(f"skipped {why}: {u}", file=sys.stderr)
    for k in missing:
        print(f"stale key: {k}", file=sys.stderr)
    if args.candidates:
        for c in unl:
            print(f"{c['key']}\t{c['kind'][0]}\t{c['text']}")
    if args.pass2_list:
        unsure = [g for g in gold if g["pass"] != "single"]
        random.Random(7).shuffle(unsure)
        for g in unsure:
            print(f"{g['key']}\t{g['text']}")
    return 0


def make_gold(did, start, end, text, kind, section, lab, labels, key):
    p2 = labels["p2"].get(key)
    row = {"id": did, "text": text, "kind": kind, "themes": lab["themes"], "section": section,
           "start": start, "end": end, "key": key, "pass": "single", "themes_pass1": lab["themes"],
           "themes_pass2": None, "boundary_fixed": bool(lab.get("text")) and not key.startswith("+"),
           "added_by_hand": key.startswith("+")}
    if lab["unsure"]:
        row["pass"] = "double"
        if p2 is not None:
            row["themes_pass2"] = p2
            if sorted(p2) == sorted(lab["themes"]):
                row["themes"] = lab["themes"]
                row["resolution"] = "agreed"
            else:
                res = labels["res"].get(key)
                if res is None:
                    raise SystemExit(f"passes disagree, no resolution: {key}")
                row["themes"] = res
                row["resolution"] = "resolved"
        else:
            row["pass"] = "single-unsure"
    return row


_TRAD = set("這們會國開與關為說時體過還報網條據總務區縣鄉鎮問題")
_SIMP = set("这们会国开与关为说时体过还报网条据总务区县乡镇问题")


def script_of(text: str) -> str:
    """'traditional' when Traditional-only characters outnumber their Simplified forms."""
    t = sum(ch in _TRAD for ch in text)
    s = sum(ch in _SIMP for ch in text)
    return "traditional" if t > s else "simplified"


def kappa(a: list[bool], b: list[bool]) -> float | None:
    """Cohen's kappa of two boolean codings (None when undefined)."""
    n = len(a)
    if n == 0:
        return None
    po = sum(x == y for x, y in zip(a, b)) / n
    pa, pb = sum(a) / n, sum(b) / n
    pe = pa * pb + (1 - pa) * (1 - pb)
    return None if pe == 1 else (po - pe) / (1 - pe)


def counts_md(gold: list[dict], manifest: list[dict]) -> str:
    """The README's count tables (regenerated by every build)."""
    from collections import Counter

    man = {m["id"]: m for m in manifest}
    out = ["<!-- generated by build.py; do not edit -->", ""]
    out.append(f"Statements: **{len(gold)}** from **{len({g['id'] for g in gold})}** documents "
               f"({sum(g['kind'] == 'problem' for g in gold)} problem, "
               f"{sum(g['kind'] == 'improvement' for g in gold)} improvement; "
               f"{sum(len(g['themes']) > 1 for g in gold)} multi-label).")
    out.append("")
    lab = Counter(t for g in gold for t in g["themes"])
    out += ["| label | statements |", "|---|---|"] + [f"| {k} | {lab.get(k, 0)} |" for k in CODEBOOK] + [""]
    src = Counter(man[g["id"]]["source"] for g in gold)
    out += ["| source | statements | documents |", "|---|---|---|"]
    for k in ("seed", "dev", "page"):
        out.append(f"| {k} | {src.get(k, 0)} | {len({g['id'] for g in gold if man[g['id']]['source'] == k})} |")
    out.append("")
    gen = Counter((man[g["id"]].get("genre") or "annual_report (dev/seed)") for g in gold)
    out += ["| genre of the document | statements |", "|---|---|"] + [f"| {k} | {v} |" for k, v in sorted(gen.items())]
    tmpl = sum(bool(man[g["id"]].get("is_template_site")) for g in gold)
    out += ["", f"Statements from model-essay / content-farm pages (`is_template_site`): {tmpl}.", ""]
    yr = Counter(man[g["id"]].get("year") for g in gold)
    out += ["| year | statements |", "|---|---|"]
    out += [f"| {k} | {v} |" for k, v in sorted(yr.items(), key=lambda kv: (kv[0] is None, kv[0] or 0))]
    lv = Counter(man[g["id"]].get("level") for g in gold)
    out += ["", "| level | statements |", "|---|---|"] + [f"| {k} | {v} |" for k, v in sorted(lv.items())]
    sc = Counter(man[g["id"]].get("script") for g in gold)
    out += ["", "| script | statements |", "|---|---|"] + [f"| {k} | {v} |" for k, v in sorted(sc.items())]
    # provenance of boundaries
    out += ["", f"Boundaries: {sum(not g['boundary_fixed'] and not g['added_by_hand'] for g in gold)} splitter statements "
            f"kept as cut, {sum(g['boundary_fixed'] for g in gold)} re-cut by reading, "
            f"{sum(g['added_by_hand'] for g in gold)} cut by hand where the splitter found none (see DECISIONS.md)."]
    # agreement on the double-labelled subset
    dbl = [g for g in gold if g["pass"] == "double" and g["themes_pass2"] is not None]
    if dbl:
        exact = sum(sorted(g["themes_pass1"]) == sorted(g["themes_pass2"]) for g in dbl)
        jac = sum(len(set(g["themes_pass1"]) & set(g["themes_pass2"])) / len(set(g["themes_pass1"]) | set(g["themes_pass2"]))
                  for g in dbl) / len(dbl)
        out += ["", f"Double-labelled (unsure in pass 1): **{len(dbl)}**; identical label sets in both passes: "
                f"**{exact}/{len(dbl)}** ({exact / len(dbl):.2f}); mean Jaccard of the two sets: **{jac:.2f}**; "
                f"resolved by a third reading: {sum(g.get('resolution') == 'resolved' for g in dbl)}.", "",
                "| label | pass 1 | pass 2 | both | Cohen's kappa |", "|---|---|---|---|---|"]
        for k in CODEBOOK:
            a = [k in g["themes_pass1"] for g in dbl]
            b = [k in g["themes_pass2"] for g in dbl]
            if not any(a) and not any(b):
                continue
            kp = kappa(a, b)
            out.append(f"| {k} | {sum(a)} | {sum(b)} | {sum(x and y for x, y in zip(a, b))} | "
                       f"{'n/a' if kp is None else f'{kp:.2f}'} |")
    return "\n".join(out) + "\n"


def find_near(doc: str, text: str, near: int) -> int:
    hits = [m.start() for m in re.finditer(re.escape(text), doc)]
    return min(hits, key=lambda h: abs(h - near)) if hits else -1


def parse_themes(s: str) -> list[str]:
    th = [x.strip() for x in s.split(",") if x.strip()]
    for t in th:
        if t not in CODEBOOK:
            raise SystemExit(f"label not in the codebook: {t!r}")
    return th


def read_labels() -> dict:
    p1, adds, add_docs = {}, [], set()
    files = sorted(glob.glob(str(HERE / "labels" / "pass1_*.tsv")))
    for f in files:
        for ln, line in enumerate(open(f, encoding="utf-8"), 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            body, _, text = line.partition(" = ")
            body = body.split(" #")[0].strip()
            parts = body.split()
            try:
                if parts[0].startswith("+"):
                    src, kind = parts[0][1:], parts[1]
                    lab = {"kind": kind, "themes": parse_themes(parts[2]), "unsure": "?" in parts[3:],
                           "text": text, "drop": False}
                    adds.append((f"{src}#{len(adds)}", lab))
                    add_docs.add("+" + src)
                    continue
                key = parts[0]
                if parts[1] == "-":
                    p1[key] = {"drop": True}
                    continue
                kind = None
                rest = parts[2:]
                if rest and rest[0] in ("problem", "improvement"):
                    kind = rest.pop(0)
                p1[key] = {"themes": parse_themes(parts[1]), "unsure": "?" in rest, "text": text or None,
                           "drop": False, "kind": kind}
            except (IndexError, SystemExit) as exc:
                raise SystemExit(f"{f}:{ln}: bad label line ({exc}): {line}")
    p2, res = {}, {}
    for name, dest in (("pass2.tsv", p2), ("resolved.tsv", res)):
        f = HERE / "labels" / name
        if f.is_file():
            for line in open(f, encoding="utf-8"):
                line = line.split(" #")[0].strip()
                if line and not line.startswith("#"):
                    k, v = line.split()[:2]
                    dest[k] = parse_themes(v)
    return {"p1": p1, "adds": adds, "add_docs": add_docs, "p2": p2, "res": res}


def write_jsonl(path: Path, rows: list[dict]) -> None:
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    os.replace(tmp, path)


if __name__ == "__main__":
    sys.exit(main())
