"""Translations record their source text; changed sources are reported, on pages too."""

from __future__ import annotations

from lesson_factory import lesson_data
from sites import Project


def step_two_changed(project: Project) -> None:
    path = project.lessons / "tracked" / "lesson.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Chạm nút **Tiếp tục** lần thứ 2.",
                                 "Chạm nút **Tiếp tục** ở cuối màn hình."), encoding="utf-8")


def test_changed_source_marks_only_that_step_out_of_date(project: Project) -> None:
    path = project.write_lesson("tracked", lesson_data("tracked"))
    path.write_text(path.read_text(encoding="utf-8") + "# a comment the tool must keep\n",
                    encoding="utf-8")
    stamped = project.hocso("translated", "tracked", "--lang", "en")
    assert stamped.returncode == 0, stamped.stderr
    text = path.read_text(encoding="utf-8")
    assert text.count("translated_from: {en: ") == 4  # the lesson and its 3 steps
    assert "# a comment the tool must keep" in text
    assert project.hocso("check", "--strict").returncode == 0

    step_two_changed(project)
    check = project.hocso("check", "--strict")
    assert check.returncode == 1
    assert check.stdout.count("[translation-outdated]") == 1
    assert "Step 2: the \"en\" text was translated from an older source text" in check.stdout

    build = project.build()
    assert build.returncode == 0, build.stderr
    en = (project.site / "en" / "lessons" / "tracked" / "index.html").read_text(encoding="utf-8")
    assert en.count("translation may be out of date") == 1
    assert en.index("translation may be out of date") > en.index('id="step-2"')
    vi = (project.site / "lessons" / "tracked" / "index.html").read_text(encoding="utf-8")
    assert "may be out of date" not in vi
    status = (project.site / "en" / "translations" / "index.html").read_text(encoding="utf-8")
    assert "Out of date:" in status and "Step 2" in status

    fixed = project.hocso("translated", "tracked", "--lang", "en", "--step", "2")
    assert fixed.returncode == 0 and "step-2" in fixed.stdout
    assert project.hocso("check", "--strict").returncode == 0


def test_status_page_lists_missing_and_unrecorded_translations(project: Project) -> None:
    project.write_lesson("vi-only", lesson_data("vi-only", translated=False))
    project.write_lesson("never-stamped", lesson_data("never-stamped"))
    assert project.build().returncode == 0
    status = (project.site / "translations" / "index.html").read_text(encoding="utf-8")
    assert "Chưa dịch:" in status and "Bài thử vi-only" in status
    assert "Chưa ghi dịch từ bản nào:" in status and "Bài thử never-stamped" in status
    home = (project.site / "index.html").read_text(encoding="utf-8")
    assert "translations/" not in home.split('class="md-nav md-nav--primary"')[1].split("</nav>")[0]


def test_untranslated_steps_are_not_stamped(project: Project) -> None:
    data = lesson_data("partial")
    del data["steps"][1]["text"]["en"]
    project.write_lesson("partial", data)
    result = project.hocso("translated", "partial", "--lang", "en")
    assert result.returncode == 0 and "step-2: chưa dịch xong" in result.stdout


def test_stamps_must_be_well_formed(project: Project) -> None:
    data = lesson_data("bad-stamp")
    data["translated_from"] = {"vi": "12345678"}
    project.write_lesson("bad-stamp", data)
    check = project.hocso("check")
    assert check.returncode == 1 and "[bad-stamp]" in check.stdout
