"""Valid lesson data for tests, to be broken on purpose one field at a time."""

from __future__ import annotations

from typing import Any


def lesson_data(lesson_id: str, *, topic: str = "identity", steps: int = 3,
                translated: bool = True, screenshot: str | None = None,
                second_screenshot: dict[str, Any] | None = None) -> dict[str, Any]:
    def both(vi: str, en: str) -> dict[str, str]:
        return {"vi": vi, "en": en} if translated else {"vi": vi}

    step_list: list[dict[str, Any]] = []
    for n in range(1, steps + 1):
        step: dict[str, Any] = {
            "id": f"tap-{n}",
            "title": both(f"Bước thử số {n}", f"Test step number {n}"),
            "text": both(f"Chạm nút **Tiếp tục** lần thứ {n}.",
                         f"Tap the **Continue** button, time {n}."),
        }
        if n == 1:
            step["tip"] = both("Đọc kỹ chữ trên màn hình.", "Read the screen carefully.")
            step["warning"] = both("Không đọc mã OTP cho ai.", "Never tell anyone the OTP.")
            if screenshot:
                step["screenshot"] = {
                    "src": screenshot,
                    "alt": both("Màn hình có nút Tiếp tục", "Screen with the Continue button"),
                }
        if n == 2 and second_screenshot:
            step["screenshot"] = second_screenshot
        step_list.append(step)
    return {
        "id": lesson_id,
        "topic": topic,
        "level": "basic",
        "minutes": 15,
        "title": both(f"Bài thử {lesson_id}", f"Test lesson {lesson_id}"),
        "summary": both("Một bài học để kiểm tra.", "A lesson for testing."),
        "needs": [both("Điện thoại thông minh.", "A smartphone.")],
        "steps": step_list,
        "safety": [both("Không chia sẻ mật khẩu.", "Never share your password.")],
        "sources": [{"url": "https://vneid.gov.vn/", "title": "VNeID",
                     "checked": "2026-11-23"}],
        "reviewed": "2026-11-23",
        "app_versions": [{"app": "VNeID", "version": "2.1.7", "platform": "android"}],
    }
