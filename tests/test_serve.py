"""`mkdocs serve`, as a contributor previews a lesson: pages come up with live reload working."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request

from sites import BUILDER, Project, child_env


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_served_pages_leave_out_the_policy_so_live_reload_runs(project: Project) -> None:
    project.write_lesson("served-lesson")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", BUILDER, "serve", "-f", str(project.root / "mkdocs.yml"),
         "-a", f"127.0.0.1:{port}", "--livereload"],
        cwd=project.root, env=child_env("https://hocso.example.org/"),
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        page = ""
        for _ in range(120):
            try:
                with urllib.request.urlopen(
                        f"http://127.0.0.1:{port}/lessons/served-lesson/", timeout=2) as reply:
                    page = reply.read().decode("utf-8")
                break
            except OSError:
                time.sleep(0.5)
        assert "served-lesson" in page
        assert "livereload" in page  # MkDocs' own inline script, which a policy would block
        assert "Content-Security-Policy" not in page
    finally:
        server.terminate()
        server.wait(timeout=20)
    built = project.build("--strict")
    assert built.returncode == 0, built.stderr
    html = (project.site / "lessons" / "served-lesson" / "index.html").read_text("utf-8")
    assert 'http-equiv="Content-Security-Policy"' in html
