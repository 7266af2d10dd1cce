"""What every browser test checks against."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

AXE_OPTIONS = {
    "runOnly": {"type": "tag",
                "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa",
                           "best-practice"]},
    # AAA rules we hold ourselves to: 7:1 contrast and large targets; and (experimental in
    # axe) that a control's spoken name includes its visible text, for voice control.
    "rules": {"color-contrast-enhanced": {"enabled": True}, "target-size": {"enabled": True},
              "label-content-name-mismatch": {"enabled": True}},
    "resultTypes": ["violations"],
}

# Every visible control and its size on screen.
CONTROL_BOXES = """
() => Array.from(document.querySelectorAll('a[href], button, label[for], summary, input, select'))
  .filter(el => {
    const s = getComputedStyle(el); const r = el.getBoundingClientRect();
    return s.visibility !== 'hidden' && s.display !== 'none' && r.width > 0 && r.height > 0
      && r.bottom > 0 && r.right > 0 && r.left < innerWidth
      && !el.closest('[hidden]');
  })
  .map(el => { const r = el.getBoundingClientRect();
               return {text: (el.textContent || el.getAttribute('aria-label') || '').trim()
                         .slice(0, 40), tag: el.tagName, width: r.width, height: r.height}; })
"""

# Text sizes of the A- / A+ buttons (hocso.js SIZES): the default and the largest matter most.
TEXT_SCALES = (1, 1.15, 1.3, 1.5)

# What a reader would see as broken layout: horizontal scrolling, a control whose content spills
# out of it or whose word is broken across lines, text running off the screen, and controls or
# header parts drawn on top of each other. Returns a list of plain descriptions.
LAYOUT_PROBLEMS = r"""
() => {
  const problems = [];
  const name = el => (el.tagName.toLowerCase() + (el.className ? '.' + String(el.className)
    .split(' ')[0] : '') + ' "' + (el.textContent || '').trim().slice(0, 30) + '"');
  const shown = el => {
    const s = getComputedStyle(el); const r = el.getBoundingClientRect();
    return s.display !== 'none' && s.visibility !== 'hidden' && r.width > 2 && r.height > 2
      && !el.closest('[hidden]') && !el.closest('.hs-visually-hidden');
  };
  // The part of an element not clipped away by a scrolling ancestor (a long presenter step
  // scrolls inside its own area, under the pinned controls).
  const clipped = el => {
    let r = el.getBoundingClientRect();
    let box = {left: r.left, right: r.right, top: r.top, bottom: r.bottom};
    for (let a = el.parentElement; a; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (s.overflowY === 'visible' && s.overflowX === 'visible') continue;
      const c = a.getBoundingClientRect();
      box = {left: Math.max(box.left, c.left), right: Math.min(box.right, c.right),
             top: Math.max(box.top, c.top), bottom: Math.min(box.bottom, c.bottom)};
    }
    return box;
  };
  const inside = (q, r) => q.left >= r.left - 1 && q.right <= r.right + 1
    && q.top >= r.top - 1 && q.bottom <= r.bottom + 1;
  const words = (el, visit) => {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      const parent = node.parentElement;
      if (!parent || parent.closest('.hs-visually-hidden, [hidden], .md-sidebar, script, style,'
                                    + ' [aria-hidden=true]')) continue;
      if (!shown(parent)) continue;
      const re = /\S+/g; let m;
      while ((m = re.exec(node.textContent))) {
        const range = document.createRange();
        range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
        visit(m[0], [...range.getClientRects()].filter(q => q.width > 0.5));
      }
    }
  };
  const doc = document.documentElement;
  if (doc.scrollWidth > innerWidth + 1) {
    problems.push('the page scrolls sideways: ' + doc.scrollWidth + ' px wide');
  }
  const controls = [...document.querySelectorAll(
    'a.hs-button, button, label[for], summary, .hs-languages__link, .hs-header__title')]
    .filter(el => shown(el) && !el.closest('.md-sidebar'));
  for (const el of controls) {
    const box = el.getBoundingClientRect();
    if (el.scrollWidth > el.clientWidth + 1) problems.push('content spills out of ' + name(el));
    words(el, (word, rects) => {
      if (rects.length > 1) problems.push('the word "' + word + '" is broken inside ' + name(el));
      for (const q of rects) {
        if (!inside(q, box)) problems.push('"' + word + '" sticks out of ' + name(el));
      }
    });
  }
  for (let i = 0; i < controls.length; i++) {
    for (let j = i + 1; j < controls.length; j++) {
      const a = controls[i], b = controls[j];
      if (a.contains(b) || b.contains(a)) continue;
      const p = clipped(a), q = clipped(b);
      const w = Math.min(p.right, q.right) - Math.max(p.left, q.left);
      const h = Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top);
      if (w > 1 && h > 1) problems.push(name(a) + ' overlaps ' + name(b));
    }
  }
  const main = document.querySelector('.md-content') || document.body;
  words(main, (word, rects) => {
    for (const q of rects) {
      if (q.right > innerWidth + 1 || q.left < -1) {
        problems.push('"' + word + '" runs off the screen');
      }
    }
  });
  return [...new Set(problems)];
}
"""


# Every Content-Security-Policy violation of a page, kept on the window for the tests.
WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(
  e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + e.sourceFile + ':' +
  e.lineNumber));
"""


def watch_csp(page: Any) -> list[str]:
    """Record the page's Content-Security-Policy violations, as Chromium reports them."""
    reported: list[str] = []
    page.add_init_script(WATCH_CSP)
    page.on("console", lambda message: reported.append(message.text)
            if "Content Security Policy" in message.text else None)
    return reported


def serve(folder: Path) -> Iterator[str]:
    """A built site over loopback, for as long as the generator is open."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output readable."""
