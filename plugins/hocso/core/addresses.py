"""Addresses that never break: lessons and steps keep every address they were published under.

A handout printed today carries QR codes for ``/lessons/<id>/#step-<step id>``, and paper
lives for years. Step ids are written by contributors and never change, so inserting,
removing or reordering steps moves no address. What changes anyway is kept working:

- a step that is renamed, or merged into another, lists its old id in ``aliases:``;
- a lesson that is renamed or split lists its old id in ``aliases:`` (each part of a split);
  the old address becomes a page that leads to the lesson holding the step asked for;
- numbered links (``#step-3``, printed before steps had ids) mean what they meant when they
  were published.

``lessons/published.yml`` records every lesson id and step id ever published, and what each
step number meant. It only grows (``hocso addresses --update``), and ``hocso check`` fails when
a change leaves a recorded address with nowhere to go.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from hocso.core.diagnostics import DiagnosticList, Location
from hocso.core.model import (
    Lesson,
    LocalizedText,
    PublishedLesson,
    PublishedRecord,
    Step,
    step_anchor,
)

RECORD_FILE = "published.yml"
UPDATE_COMMAND = "hocso addresses --update"


@dataclass(frozen=True)
class Place:
    """Where an address leads now: a step of a lesson."""

    lesson: Lesson
    step: Step


@dataclass(frozen=True)
class MovedStep:
    """An address on one lesson's page for a step that is now in another lesson."""

    anchor: str
    lesson_id: str
    lesson_title: LocalizedText
    step_anchor: str
    step_number: int
    step_title: LocalizedText


@dataclass(frozen=True)
class PageAnchors:
    """The old addresses a lesson page answers besides its steps' own ``#step-<id>``."""

    # step id -> further anchors that land on it (old numbers, old ids)
    extra: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    moved: tuple[MovedStep, ...] = ()

    def of(self, step: Step) -> tuple[str, ...]:
        return self.extra.get(step.id, ())


@dataclass(frozen=True)
class Redirect:
    """The page left at a lesson id no lesson has any more: where it leads, per anchor."""

    old_id: str
    target: Lesson
    # anchor (``step-3``, ``step-open-app``) -> where it lands now
    anchors: tuple[tuple[str, Place], ...]


def _numbered_name(name: str) -> int | None:
    return int(name) if name.isdigit() else None


class Addresses:
    """Resolves old addresses against the current lessons and the published record."""

    def __init__(self, lessons: Sequence[Lesson], record: PublishedRecord) -> None:
        self.lessons = tuple(lessons)
        self.record = record
        self._by_id = {lesson.id: lesson for lesson in self.lessons}
        # Indexed once: every page and every recorded address asks, so a scan of all lessons
        # per question would make a build quadratic in the number of lessons.
        self._claimers: dict[str, list[Lesson]] = {}
        for lesson in self.lessons:
            self._claimers.setdefault(lesson.id, []).insert(0, lesson)
            for alias in dict.fromkeys(lesson.aliases):
                if alias != lesson.id:
                    self._claimers.setdefault(alias, []).append(lesson)

    def claimers(self, lesson_id: str) -> list[Lesson]:
        """The lessons that hold steps once published under ``lesson_id``: the lesson of that
        id first, then those listing it in ``aliases:``, in catalogue order."""
        return self._claimers.get(lesson_id, [])

    def resolve(self, lesson_id: str, name: str) -> Place | None:
        """Where ``/lessons/<lesson_id>/#step-<name>`` leads: ``name`` is a step id, an old
        step id, or a step number."""
        number = _numbered_name(name)
        if number is not None:
            published = self.record.get(lesson_id)
            if published is not None and published.numbered:
                if not 1 <= number <= len(published.numbered):
                    return None
                name = published.numbered[number - 1]
            else:
                # Not published yet: a number means the step at that place today.
                own = self._by_id.get(lesson_id)
                if own is None or not 1 <= number <= len(own.steps):
                    return None
                return Place(own, own.steps[number - 1])
        claimers = self.claimers(lesson_id)
        for lesson in claimers:
            for step in lesson.steps:
                if step.id == name:
                    return Place(lesson, step)
        for lesson in claimers:
            for step in lesson.steps:
                if name in step.aliases:
                    return Place(lesson, step)
        return None

    def names(self, lesson_id: str) -> list[str]:
        """Every step name an address of ``lesson_id`` may carry: published step ids, step
        numbers, and the old ids its claimers' steps list."""
        published = self.record.get(lesson_id)
        names: list[str] = []
        if published is not None:
            names += published.steps
            names += [str(n) for n in range(1, len(published.numbered) + 1)]
        own = self._by_id.get(lesson_id)
        if own is not None and (published is None or not published.numbered):
            names += [str(n) for n in range(1, len(own.steps) + 1)]
        for lesson in self.claimers(lesson_id):
            names += [alias for step in lesson.steps for alias in step.aliases]
        return list(dict.fromkeys(names))

    def page_anchors(self, lesson: Lesson) -> PageAnchors:
        extra: dict[str, list[str]] = {}
        moved: list[MovedStep] = []
        for name in self.names(lesson.id):
            place = self.resolve(lesson.id, name)
            if place is None or (place.lesson is lesson and place.step.id == name):
                continue
            anchor = step_anchor(name)
            if place.lesson is lesson:
                extra.setdefault(place.step.id, []).append(anchor)
            else:
                moved.append(MovedStep(anchor, place.lesson.id, place.lesson.title,
                                       place.step.anchor, place.step.number, place.step.title))
        return PageAnchors({key: tuple(value) for key, value in extra.items()}, tuple(moved))

    def redirects(self) -> list[Redirect]:
        """A page for every old lesson id that no lesson has now but some lesson claims."""
        old_ids = [published.id for published in self.record.lessons]
        old_ids += [alias for lesson in self.lessons for alias in lesson.aliases]
        found: list[Redirect] = []
        for old_id in dict.fromkeys(old_ids):
            claimers = self.claimers(old_id)
            if old_id in self._by_id or not claimers:
                continue
            anchors = [(step_anchor(name), place) for name in self.names(old_id)
                       if (place := self.resolve(old_id, name)) is not None]
            published = self.record.get(old_id)
            first = published.numbered[0] if published and published.numbered else (
                published.steps[0] if published and published.steps else "")
            start = self.resolve(old_id, first) if first else None
            found.append(Redirect(old_id, start.lesson if start else claimers[0],
                                  tuple(anchors)))
        return found

    def check(self, diagnostics: DiagnosticList, *, complete: bool = True) -> None:
        """Report every recorded address with nowhere to go, every ambiguous or clashing id,
        and (as warnings) what is not recorded yet. ``complete`` is False when some lessons
        could not be read: their addresses are then compared once they can."""
        for lesson in self.lessons:
            _check_lesson_aliases(lesson, diagnostics)
        if not complete:
            return
        if not self.record.exists:
            # A site that has never recorded its addresses (a new site, a test site). This
            # project's own record is required by a test, so deleting it is noticed.
            return
        for published in self.record.lessons:
            self._check_published(published, diagnostics)
        for lesson in self.lessons:
            self._check_recorded(lesson, diagnostics)

    def _record_path(self) -> Path:
        if self.record.path is not None:
            return self.record.path
        if self.lessons:
            return self.lessons[0].path.parent.parent / RECORD_FILE
        return Path(RECORD_FILE)

    def _check_published(self, published: PublishedLesson,
                         diagnostics: DiagnosticList) -> None:
        location = published.location or Location(self._record_path())
        claimers = self.claimers(published.id)
        if not claimers:
            diagnostics.error(
                "stranded-lesson", location,
                f'Bài "{published.id}" đã được xuất bản (địa chỉ của nó có thể đã được in ra '
                "giấy), nhưng không còn bài nào mang mã này. Nếu bài đã đổi tên hoặc tách ra, "
                f'hãy thêm "aliases: [{published.id}]" vào bài thay thế. Nếu bài bị xoá, hãy '
                "để lại bài hoặc chuyển mã này sang bài gần nhất.",
                f'The lesson "{published.id}" was published (its address may be printed on '
                "paper), but no lesson has this id any more. If it was renamed or split, add "
                f'"aliases: [{published.id}]" to the lesson that replaces it. If it was '
                "deleted, keep it, or give its id to the closest lesson.")
            return
        home = claimers[0]
        names = list(dict.fromkeys(
            [*published.steps, *(str(n) for n in range(1, len(published.numbered) + 1))]))
        # Each missing step once, with every published address that led to it.
        stranded: dict[str, list[str]] = {}
        for name in names:
            if self.resolve(published.id, name) is None:
                number = _numbered_name(name)
                step_id = published.numbered[number - 1] if number is not None else name
                stranded.setdefault(step_id, []).append(f"/lessons/{published.id}/#step-{name}")
        known = {name for les in claimers for step in les.steps for name in (step.id,
                                                                            *step.aliases)}
        unrecorded = [step for step in home.steps
                      if step.id not in published.steps and step.id in known]
        for step_id, addresses in stranded.items():
            shown = ", ".join(f'"{address}"' for address in addresses)
            renamed = unrecorded[0] if len(stranded) == 1 and len(unrecorded) == 1 else None
            hint_vi = hint_en = ""
            if renamed is not None:
                hint_vi = (f' Nếu bước "{renamed.id}" (bước {renamed.number}) chính là bước '
                           f'"{step_id}" được đổi mã, hãy thêm "aliases: [{step_id}]" vào bước '
                           "đó.")
                hint_en = (f' If step "{renamed.id}" (step {renamed.number}) is "{step_id}" '
                           f'with a new id, add "aliases: [{step_id}]" to it.')
            where = (renamed.location if renamed is not None and renamed.location
                     else home.steps[0].location or home.location)
            several = len(addresses) > 1
            noun_vi = "Các địa chỉ" if several else "Địa chỉ"
            noun_en = "The addresses" if several else "The address"
            verb_en = "were published (they" if several else "was published (it"
            diagnostics.error(
                "stranded-step", where,
                f"{noun_vi} {shown} đã được xuất bản (có thể đã in trên mã QR), nhưng không còn "
                f'bước nào có mã "{step_id}". Nếu bạn đổi mã, gộp hoặc xoá bước đó, hãy thêm '
                f'"aliases: [{step_id}]" vào bước thay thế nó.{hint_vi}',
                f"{noun_en} {shown} {verb_en} may be printed on paper), but no "
                f'step has the id "{step_id}" any more. If you renamed, merged or removed that '
                f'step, add "aliases: [{step_id}]" to the step that takes its place.{hint_en}')
        self._check_ambiguous(published, names, diagnostics)

    def _check_ambiguous(self, published: PublishedLesson, names: Iterable[str],
                         diagnostics: DiagnosticList) -> None:
        """A recorded step that two split parts both claim would land on either."""
        own = self._by_id.get(published.id)
        parts = [les for les in self.claimers(published.id) if les is not own]
        for name in names:
            if _numbered_name(name) is not None:
                continue
            if own is not None and any(name in (s.id, *s.aliases) for s in own.steps):
                continue
            holders = [les for les in parts
                       if any(name in (s.id, *s.aliases) for s in les.steps)]
            if len(holders) > 1:
                diagnostics.error(
                    "ambiguous-step", holders[1].location,
                    f'Cả bài "{holders[0].id}" và bài "{holders[1].id}" đều nhận bước '
                    f'"{name}" của bài cũ "{published.id}". Mỗi địa chỉ cũ chỉ được dẫn tới '
                    "một bước: hãy xoá mã đó khỏi một trong hai bài.",
                    f'Both "{holders[0].id}" and "{holders[1].id}" claim the step "{name}" of '
                    f'the earlier lesson "{published.id}". An old address can lead to one step '
                    "only: remove the id from one of the two lessons.")

    def _check_recorded(self, lesson: Lesson, diagnostics: DiagnosticList) -> None:
        published = self.record.get(lesson.id)
        new_steps = [step.id for step in lesson.steps
                     if published is None or step.id not in published.steps]
        listed = ", ".join(f'"{step_id}"' for step_id in new_steps)
        if published is None:
            what_vi, what_en = f'Bài "{lesson.id}"', f'The lesson "{lesson.id}" is'
        elif len(new_steps) == 1:
            what_vi, what_en = f"Bước {listed}", f"The step {listed} is"
        elif new_steps:
            what_vi, what_en = f"Các bước {listed}", f"The steps {listed} are"
        else:
            return
        diagnostics.warning(
            "address-not-recorded", lesson.location,
            f"{what_vi} chưa có trong lessons/{RECORD_FILE}, tệp ghi mọi địa chỉ đã xuất bản. "
            f"Chạy `{UPDATE_COMMAND}` rồi commit tệp đó cùng bài.",
            f"{what_en} not in lessons/{RECORD_FILE}, the record of every published address, "
            f"yet. Run `{UPDATE_COMMAND}` and commit that file with the lesson.")


def _check_lesson_aliases(lesson: Lesson, diagnostics: DiagnosticList) -> None:
    if lesson.id in lesson.aliases:
        diagnostics.error(
            "alias-is-own-id", lesson.location,
            f'"aliases" của bài "{lesson.id}" ghi chính mã của bài. Chỉ ghi các mã cũ.',
            f'The "aliases" of "{lesson.id}" list the lesson\'s own id. List only earlier ids.')


def updated_record(record: PublishedRecord, lessons: Sequence[Lesson]) -> PublishedRecord:
    """The record with every current lesson and step id added; nothing is ever removed."""
    known = {published.id: published for published in record.lessons}
    for lesson in lessons:
        ids = tuple(step.id for step in lesson.steps)
        published = known.get(lesson.id)
        if published is None:
            known[lesson.id] = PublishedLesson(lesson.id, ids, ids)
        else:
            steps = published.steps + tuple(i for i in ids if i not in published.steps)
            known[lesson.id] = PublishedLesson(published.id, steps, published.numbered,
                                               published.location)
    return PublishedRecord(tuple(known.values()), True, record.path)


RECORD_HEADER = f"""\
# Mọi địa chỉ bài học và bước đã xuất bản. Mã QR trên giấy in trỏ tới các địa chỉ này, nên
# không được xoá dòng nào. Tệp do lệnh `{UPDATE_COMMAND}` ghi; đừng sửa tay.
# Every lesson and step address ever published. Printed QR codes point at them, so no line
# may be removed. Written by `{UPDATE_COMMAND}`; do not edit by hand.
#   steps: every step id published under the lesson id
#   numbered: what #step-1, #step-2 ... meant when numbered links were printed
"""


def record_yaml(record: PublishedRecord) -> str:
    """The record as the text of ``published.yml`` (one id per line, for readable diffs)."""
    lines = [RECORD_HEADER.rstrip("\n"), "lessons:"]
    for published in record.lessons:
        lines.append(f"  - id: {published.id}")
        for key, values in (("steps", published.steps), ("numbered", published.numbered)):
            lines.append(f"    {key}:")
            lines += [f"      - {value}" for value in values]
    return "\n".join(lines) + "\n"
