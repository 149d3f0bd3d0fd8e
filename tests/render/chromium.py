"""Headless Chromium for the screen tests: load a page at 1366×768 and read back what a
script measured in it, or take a screenshot.

Debian's ``chromium`` (installed by ``.ci/run``). Every run starts with a fresh profile in a
temporary folder and without network, sync, updates or a sandbox (CI runs as root).
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

WIDTH, HEIGHT = 1366, 768
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
    f"--window-size={WIDTH},{HEIGHT}",
)


def chromium() -> str | None:
    """The path of Debian's chromium, or None if it is not installed."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _run(page: Path, *extra: str) -> str:
    browser = chromium()
    assert browser is not None
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run(
            [browser, *FLAGS, f"--user-data-dir={profile}", *extra, page.as_uri()],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


#: Appended to a page: measures the boxes of the elements named by CSS selectors and the
#: computed styles asked for, and leaves the result (JSON) in the body's data-check.
_MEASURE = """<script>
(function () {
  const ask = %s;
  const out = {width: innerWidth, boxes: {}, styles: {}};
  for (const [name, sel] of Object.entries(ask.boxes)) {
    out.boxes[name] = [...document.querySelectorAll(sel)].map(e => {
      const b = e.getBoundingClientRect();
      return [b.top + scrollY, b.bottom + scrollY, b.left, b.right];
    });
  }
  for (const [name, sel] of Object.entries(ask.styles)) {
    out.styles[name] = [...document.querySelectorAll(sel)].map(e => {
      const s = getComputedStyle(e);
      let bg = null;
      for (let n = e; n; n = n.parentElement) {
        const c = getComputedStyle(n).backgroundColor;
        if (c && c !== "rgba(0, 0, 0, 0)" && c !== "transparent") { bg = c; break; }
      }
      return {color: s.color, background: bg, align: s.textAlign};
    });
  }
  document.body.setAttribute("data-check", JSON.stringify(out));
})();
</script>"""


def measure(
    page_html: str,
    folder: Path,
    boxes: dict[str, str],
    styles: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Load ``page_html`` at 1366×768 and return the boxes ``[top, bottom, left, right]``
    (page coordinates) of the elements each selector in ``boxes`` matches, and the colour,
    background (the nearest ancestor's that is not transparent) and text alignment of those
    in ``styles``."""
    ask = json.dumps({"boxes": boxes, "styles": styles or {}})
    page = folder / "page.html"
    page.write_text(page_html.replace("</body>", _MEASURE % ask + "</body>"), encoding="utf-8")
    dom = _run(page, "--dump-dom", "--virtual-time-budget=3000")
    start = dom.index('data-check="') + len('data-check="')
    result: dict[str, Any] = json.loads(html.unescape(dom[start : dom.index('"', start)]))
    return result


def screenshot(page_html: str, folder: Path, name: str) -> Path:
    """A PNG of the first screen (1366×768) of ``page_html``."""
    page = folder / f"{name}.html"
    page.write_text(page_html, encoding="utf-8")
    png = folder / f"{name}.png"
    _run(page, f"--screenshot={png}")
    return png


def png_size(png: Path) -> tuple[int, int]:
    """The width and height of a PNG (from its header)."""
    data = png.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def pdf_pages(page_html: str, folder: Path) -> int:
    """How many pages ``page_html`` prints on (Chromium's print to PDF, its @page size)."""
    page = folder / "print.html"
    page.write_text(page_html, encoding="utf-8")
    pdf = folder / "print.pdf"
    _run(page, "--no-pdf-header-footer", f"--print-to-pdf={pdf}")
    data = pdf.read_bytes()
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", data))
