"""What every browser test checks against."""

from __future__ import annotations

AXE_OPTIONS = {
    "runOnly": {"type": "tag",
                "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa",
                           "best-practice"]},
    # AAA rules we hold ourselves to: 7:1 contrast and large targets.
    "rules": {"color-contrast-enhanced": {"enabled": True}, "target-size": {"enabled": True}},
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
