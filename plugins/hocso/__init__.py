"""Học Số: step-by-step digital-skills lessons as a large-print bilingual website.

``hocso.core`` reads, checks and renders lessons and knows nothing of MkDocs;
``hocso.plugin`` is the thin MkDocs glue around it.
"""

__version__ = "0.1.0"
