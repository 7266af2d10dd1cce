"""Command-line tools for lesson contributors and maintainers (the ``hocso`` command)."""
