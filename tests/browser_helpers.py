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
