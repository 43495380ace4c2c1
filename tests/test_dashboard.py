"""The dashboard ``index.html`` in headless Chromium: no errors, images load, tables sort, a screenshot."""
from __future__ import annotations

import pytest

from _browser import visit
from test_analyze import run_samples

pytestmark = [pytest.mark.browser, pytest.mark.slow]

_COLUMN = """(args) => {
  const [tableId, header] = args;
  const t = document.getElementById(tableId);
  const i = Array.from(t.tHead.rows[0].cells).findIndex(th => th.textContent.trim() === header);
  return Array.from(t.tBodies[0].rows).map(r => r.cells[i].getAttribute('data-v') || r.cells[i].textContent.trim());
}"""


def test_dashboard_in_chromium(artifacts):
    out, result, files = run_samples()
    assert result.exit_code == 0, result.output
    seen_sorts: dict[str, list] = {}

    def actions(page):
        for header in ("n_chars", "agency"):
            th = page.locator("#t-reports thead th", has_text=header).first
            th.click()
            seen_sorts[f"{header}_asc"] = page.evaluate(_COLUMN, ["t-reports", header])
            th.click()
            seen_sorts[f"{header}_desc"] = page.evaluate(_COLUMN, ["t-reports", header])
        page.fill("input[data-table='t-statements']", "zz-no-such-text")
        seen_sorts["visible_after_filter"] = page.evaluate(
            "Array.from(document.querySelectorAll('#t-statements tbody tr')).filter(r => r.style.display !== 'none').length")
        page.fill("input[data-table='t-statements']", "")
        page.evaluate("window.scrollTo(0, 0)")  # the screenshot then shows the sticky nav at the top

    shot = artifacts / "dashboard.png"
    seen = visit(
        out / "index.html",
        shot,
        script="""({
          images: Array.from(document.images).map(i => [i.alt, i.complete, i.naturalWidth]),
          reuseLinks: document.querySelectorAll('a[href^="reuse.html"]').length,
          tables: document.querySelectorAll('table.sortable').length,
          cjkFont: document.fonts.check('16px giptext-cjk', '公开'),
        })""",
        actions=actions,
    )
    assert seen.console_errors == [] and seen.page_errors == []
    assert seen.requests_outside == []
    ev = seen.evaluated
    assert len(ev["images"]) == 8 and all(done and width > 0 for _, done, width in ev["images"]), ev["images"]
    assert ev["reuseLinks"] > 0 and ev["tables"] == 6  # 5 + the failed table checks
    assert ev["cjkFont"], "the embedded CJK font did not load"

    n = [float(v) for v in seen_sorts["n_chars_asc"]]
    assert len(n) == len(files) and n == sorted(n)
    assert [float(v) for v in seen_sorts["n_chars_desc"]] == sorted(n, reverse=True)
    assert seen_sorts["agency_desc"] == list(reversed(seen_sorts["agency_asc"])) or len(set(seen_sorts["agency_asc"])) < len(files)
    assert seen_sorts["visible_after_filter"] == 0
    assert shot.stat().st_size > 50_000
