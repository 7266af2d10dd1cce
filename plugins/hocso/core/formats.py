"""The file formats contributors write: ``lesson.yml`` and ``topics.yml``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hocso.core.limits import MAX_STEPS, MAX_TERMS, MAX_TITLE_CHARS
from hocso.core.model import LEVELS
from hocso.core.spec import (
    Boolean,
    Choice,
    Date,
    Field,
    Integer,
    ListOf,
    Localized,
    Numbers,
    Record,
    Slug,
    Stamps,
    StepId,
    Text,
    TextOrLocalized,
    Url,
)

POINT = Numbers(["x", "y"], "[540, 1200]")
BOX = Numbers(["x", "y", "width", "height"], "[80, 1100, 560, 140]")

HIGHLIGHT = Record(
    [
        Field("box", BOX, True, "vùng cần khoanh: [x, y, rộng, cao] theo điểm ảnh",
              "area to mark: [x, y, width, height] in pixels"),
        Field("shape", Choice(["box", "circle"]), False,
              "hình khoanh: box (khung bo góc, mặc định) hoặc circle (vòng tròn)",
              "shape: box (rounded box, the default) or circle"),
    ]
)

ARROW = Record(
    [
        Field("from", POINT, True, "điểm đầu mũi tên [x, y]", "where the arrow starts [x, y]"),
        Field("to", POINT, True, "điểm mũi tên chỉ vào [x, y]", "where the arrow points [x, y]"),
    ]
)

BADGE = Record(
    [
        Field("at", POINT, True, "tâm của số thứ tự [x, y]", "centre of the number [x, y]"),
        Field("number", Integer(1, 99), True, "số hiện trong vòng tròn",
              "number shown in the circle"),
    ]
)

REDACTION = Record(
    [
        Field("box", BOX, True, "vùng cần che: [x, y, rộng, cao] theo điểm ảnh",
              "area to hide: [x, y, width, height] in pixels"),
        Field("style", Choice(["fill", "pixelate"]), False,
              "cách che: fill (tô kín, mặc định) hoặc pixelate (làm nhoè thành ô vuông)",
              "how to hide: fill (solid, the default) or pixelate (large blocks)"),
    ]
)

SCREENSHOT = Record(
    [
        Field("src", TextOrLocalized(), True,
              "đường dẫn ảnh trong screenshots/ (hoặc mỗi ngôn ngữ một ảnh: vi:, en:)",
              "image path inside screenshots/ (or one image per language: vi:, en:)"),
        Field("alt", Localized(), True,
              "mô tả ảnh cho người không nhìn thấy ảnh",
              "description of the picture for people who cannot see it"),
        Field("caption", Localized(), False, "chú thích dưới ảnh", "caption under the picture"),
        Field("illustration", Boolean(), False,
              "true nếu là hình minh hoạ vẽ lại, không phải ảnh chụp thật",
              "true if it is a drawn illustration, not a real screenshot"),
        Field("highlights", ListOf(HIGHLIGHT), False,
              "khoanh chỗ cần chạm", "mark the control to tap"),
        Field("arrows", ListOf(ARROW), False, "mũi tên", "arrows"),
        Field("badges", ListOf(BADGE), False, "số thứ tự trong vòng tròn", "numbered badges"),
        Field("redact", ListOf(REDACTION), False,
              "che thông tin cá nhân (không thể khôi phục)",
              "hide personal data (cannot be undone)"),
    ]
)

VARIANT = Record(
    [
        Field("text", Localized(single_line=False, markdown=True), False,
              "việc cần làm trên nền tảng này (Markdown)",
              "what to do on this platform (Markdown)"),
        Field("screenshot", SCREENSHOT, False, "ảnh màn hình trên nền tảng này",
              "screenshot on this platform"),
    ]
)

STEP = Record(
    [
        Field("id", StepId(), True,
              "mã ngắn của bước, không bao giờ đổi: địa chỉ #step-<mã> và mã QR trên giấy "
              "in dùng nó",
              "short id of the step that never changes: the #step-<id> address and printed QR "
              "codes use it"),
        Field("aliases", ListOf(StepId()), False,
              "mã cũ của các bước đã gộp vào bước này hoặc đã đổi mã, để liên kết cũ vẫn tới "
              "đây",
              "old ids of steps merged into this one or renamed, so old links still land here"),
        Field("title", Localized(max_chars=MAX_TITLE_CHARS), True, "tên ngắn của bước",
              "short title of the step"),
        Field("text", Localized(single_line=False, markdown=True), True,
              "việc cần làm ở bước này (Markdown)", "what to do in this step (Markdown)"),
        Field("screenshot", SCREENSHOT, False, "ảnh màn hình của bước", "screenshot for the step"),
        Field("tip", Localized(single_line=False, markdown=True), False,
              "mẹo giúp làm dễ hơn", "a tip that makes it easier"),
        Field("warning", Localized(single_line=False, markdown=True), False,
              "điều cần cẩn thận", "something to be careful about"),
        Field("volunteer", Localized(single_line=False, markdown=True), False,
              "ghi chú cho người hướng dẫn: lỗi hay gặp ở bước này và cách xử lý",
              "note for the volunteer: common problems at this step and what to do"),
        Field("android", VARIANT, False, "cách làm riêng trên điện thoại Android",
              "what differs on Android phones"),
        Field("ios", VARIANT, False, "cách làm riêng trên iPhone", "what differs on iPhone"),
        Field("translated_from", Stamps(), False,
              "bản dịch được làm từ bản tiếng Việt nào (do `hocso translated` ghi)",
              "which source text each translation was made from (written by `hocso translated`)"),
    ]
)

SOURCE = Record(
    [
        Field("url", Url(), True, "địa chỉ web của nguồn", "web address of the source"),
        Field("title", Text(max_chars=MAX_TITLE_CHARS), True, "tên bài viết hoặc trang nguồn",
              "title of the source page or article"),
        Field("checked", Date(), True, "ngày kiểm tra nguồn (NĂM-THÁNG-NGÀY)",
              "date the source was checked (YEAR-MONTH-DAY)"),
    ]
)

APP_VERSION = Record(
    [
        Field("app", Text(), True, "tên ứng dụng hoặc trang web", "name of the app or website"),
        Field("version", Text(), True, "phiên bản đã dùng để kiểm tra các bước",
              "version the steps were checked against"),
        Field("platform", Choice(["android", "ios", "web"]), False,
              "nền tảng: android, ios hoặc web", "platform: android, ios or web"),
        Field("note", Localized(single_line=False), False,
              "ghi chú về cách kiểm tra", "a note on how the steps were checked"),
    ]
)

QUESTION = Record(
    [
        Field("question", Localized(single_line=False, markdown=True), True,
              "câu hỏi hoặc tình huống", "the question or situation"),
        Field("choices", ListOf(Localized(), min_items=2), True,
              "các câu trả lời để chọn", "the answers to choose from"),
        Field("answer", Integer(1, 6), True, "số thứ tự của câu trả lời đúng (1, 2, …)",
              "number of the right answer (1, 2, …)"),
        Field("explanation", Localized(single_line=False, markdown=True), True,
              "giải thích ngắn vì sao", "a short explanation why"),
    ]
)

LESSON = Record(
    [
        Field("id", Slug(), True, "mã bài học, trùng tên thư mục",
              "lesson id, the same as its folder name"),
        Field("aliases", ListOf(Slug()), False,
              "mã cũ của bài này (đã đổi tên hoặc tách ra), để địa chỉ cũ chuyển tới đây",
              "earlier ids of this lesson (renamed or split), so old addresses lead here"),
        Field("topic", Slug(), True, "mã chủ đề trong lessons/topics.yml",
              "topic id from lessons/topics.yml"),
        Field("level", Choice(LEVELS), True, "mức độ: basic, intermediate hoặc advanced",
              "level: basic, intermediate or advanced"),
        Field("minutes", Integer(1, 180), True, "số phút ước tính để học xong",
              "estimated minutes to complete"),
        Field("title", Localized(max_chars=MAX_TITLE_CHARS), True, "tên bài học", "lesson title"),
        Field("summary", Localized(), True, "tóm tắt một dòng", "one-line summary"),
        Field("needs", ListOf(Localized(), min_items=1), True, "những thứ cần chuẩn bị",
              "what you need"),
        Field("steps", ListOf(STEP, min_items=1, max_items=MAX_STEPS), True,
              "các bước, theo thứ tự",
              "the steps, in order"),
        Field("safety", ListOf(Localized(single_line=False, markdown=True)), False,
              "lưu ý an toàn", "safety notes"),
        Field("self_check", ListOf(QUESTION), False, "câu hỏi tự kiểm tra sau các bước",
              "self-check questions after the steps"),
        Field("volunteer_notes", ListOf(Localized(single_line=False, markdown=True)), False,
              "ghi chú cho người hướng dẫn: cần chuẩn bị gì",
              "notes for the volunteer: what to prepare"),
        Field("sources", ListOf(SOURCE, min_items=1), True,
              "nguồn của các thông tin trong bài", "sources of the facts in the lesson"),
        Field("reviewed", Date(), True, "ngày xem lại bài gần nhất",
              "date the lesson was last reviewed"),
        Field("app_versions", ListOf(APP_VERSION, min_items=1), True,
              "phiên bản ứng dụng đã dùng để kiểm tra các bước",
              "app versions the steps were checked against"),
        Field("translated_from", Stamps(), False,
              "bản dịch phần chung của bài được làm từ bản tiếng Việt nào",
              "which source text the translation of the lesson's own texts was made from"),
    ],
    title="Học Số lesson / Bài học Học Số",
)

TOPIC = Record(
    [
        Field("id", Slug(), True, "mã chủ đề", "topic id"),
        Field("title", Localized(max_chars=MAX_TITLE_CHARS), True, "tên chủ đề", "topic name"),
        Field("summary", Localized(), False, "giới thiệu một dòng", "one-line introduction"),
    ]
)

TERM = Record(
    [
        Field("id", Slug(), True, "mã thuật ngữ, dùng trong liên kết glossary:<mã>",
              "term id, used in links glossary:<id>"),
        Field("term", Localized(), True, "thuật ngữ", "the term"),
        Field("definition", Localized(single_line=False, markdown=True), True,
              "giải thích bằng lời dễ hiểu", "explanation in plain words"),
    ]
)

GLOSSARY = Record(
    [Field("terms", ListOf(TERM, min_items=1, max_items=MAX_TERMS), True, "các thuật ngữ",
           "the terms")],
    title="Học Số glossary / Từ điển Học Số",
)

TOPICS = Record(
    [Field("topics", ListOf(TOPIC, min_items=1), True, "các chủ đề, theo thứ tự hiển thị",
           "the topics, in display order")],
    title="Học Số topics / Chủ đề Học Số",
)


# lessons/published.yml is written by `hocso addresses --update`, not by hand; it only grows.
MAX_RECORDED = 5_000  # lessons, or step ids of one lesson

PUBLISHED_LESSON = Record(
    [
        Field("id", Slug(), True, "mã bài đã xuất bản", "published lesson id"),
        Field("steps", ListOf(StepId(), max_items=MAX_RECORDED), False,
              "mọi mã bước đã xuất bản dưới mã bài này", "every step id published under it"),
        Field("numbered", ListOf(StepId(), max_items=MAX_RECORDED), False,
              "ý nghĩa của #step-1, #step-2 … khi liên kết đánh số được in",
              "what #step-1, #step-2 … meant when numbered links were printed"),
    ]
)

PUBLISHED = Record(
    [Field("lessons", ListOf(PUBLISHED_LESSON, max_items=MAX_RECORDED), True,
           "các bài đã xuất bản", "the published lessons")],
    title="Học Số published addresses / Địa chỉ đã xuất bản của Học Số",
)


def json_schema(record: Record, languages: Sequence[str], required: frozenset[str],
                schema_id: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) editors use for one file format."""
    schema = record.json_schema(languages, required)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": schema_id,
        **schema,
    }
