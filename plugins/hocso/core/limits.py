"""How big contributor files may be: generous for real lessons, small enough that no
file can make ``hocso check`` or the build run for minutes or run out of memory.

The biggest starter lesson has 11 steps, 17 sources, 806 YAML nodes, 18 KB and texts of
at most about 200 characters; its screenshots are 1080 x 1530. The table in
CONTRIBUTING.md lists these limits: keep the two in step.
"""

from __future__ import annotations

MAX_FILE_BYTES = 256 * 1024  # one lesson.yml, topics.yml or glossary.yml
MAX_NODES = 10_000  # values, keys and lists in one file, counting each use of an alias
MAX_DEPTH = 20  # lists and groups inside each other
MAX_STEPS = 30  # steps in one lesson
MAX_ITEMS = 50  # items in any other list (sources, needs, highlights, questions…)
MAX_TERMS = 500  # terms in the glossary
MAX_ID_CHARS = 60  # a lesson, topic or term id (it becomes a folder and a web address)
MAX_STEP_ID_CHARS = 40  # a step id (it goes into every printed QR code of the step)
MAX_TITLE_CHARS = 200  # a title
MAX_LINE_CHARS = 500  # any other one-line text (summary, alt text, caption…)
MAX_TEXT_CHARS = 2_000  # a text of several lines (step text, tip, explanation…)
MAX_NUMBER_DIGITS = 6  # a number or coordinate (pictures are at most 8,000 pixels wide)
MAX_PATH_CHARS = 200  # a screenshot path
MAX_IMAGE_SIDE = 8_000  # pixels, width or height of a screenshot
MAX_IMAGE_ASPECT = 20  # the long side of a screenshot divided by its short side
