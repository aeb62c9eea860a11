"""The role-walk browser test writes docs/screenshots/*.png only when CUSTOS_SCREENSHOTS=1."""

from __future__ import annotations

from pathlib import Path

from tests.e2e import test_role_pages_e2e as role_pages


class _Page:
    def __init__(self) -> None:
        self.paths: list[str] = []

    def screenshot(self, *, path: str, full_page: bool) -> None:
        self.paths.append(path)
        Path(path).write_bytes(b"png")


def test_screenshots_are_left_alone_without_the_switch(monkeypatch, tmp_path):
    monkeypatch.setattr(role_pages, "SHOTS", tmp_path / "shots")
    for value in (None, "0", "", "yes"):
        if value is None:
            monkeypatch.delenv("CUSTOS_SCREENSHOTS", raising=False)
        else:
            monkeypatch.setenv("CUSTOS_SCREENSHOTS", value)
        page = _Page()
        assert role_pages.screenshot_save(page, "agent.alice") is None
        assert page.paths == []
    assert not (tmp_path / "shots").exists()


def test_screenshots_are_written_with_the_switch(monkeypatch, tmp_path):
    monkeypatch.setattr(role_pages, "SHOTS", tmp_path / "shots")
    monkeypatch.setenv("CUSTOS_SCREENSHOTS", "1")
    page = _Page()
    assert role_pages.screenshot_save(page, "agent.alice") == tmp_path / "shots" / "agent.alice.png"
    assert (tmp_path / "shots" / "agent.alice.png").read_bytes() == b"png"
