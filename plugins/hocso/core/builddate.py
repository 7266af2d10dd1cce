"""The date a build stands for: never the clock, so that two builds of the same commit are
byte-identical (sitemap dates, the sitemap's gzip header).

The standard ``SOURCE_DATE_EPOCH`` wins when it is set; otherwise the date of the last commit
of the project's git history. Without either, the build falls back to the clock, as MkDocs does.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH"


def source_date_epoch(project_dir: Path) -> int | None:
    """Seconds since 1970 of the build's date, from the environment or the last commit."""
    given = os.environ.get(SOURCE_DATE_EPOCH, "").strip()
    if given.isdigit():
        return int(given)
    try:
        found = subprocess.run(
            ["git", "-C", str(project_dir), "log", "-1", "--format=%ct"],
            capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return None  # no git on this machine: the clock it is
    stamp = found.stdout.strip()
    return int(stamp) if found.returncode == 0 and stamp.isdigit() else None
