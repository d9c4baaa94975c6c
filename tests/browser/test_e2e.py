"""End-to-end in Debian's Chromium (playwright-core): the editor offline, and the app on the local platform."""

from __future__ import annotations

import pytest

from .conftest import chromium_available, node, run


@pytest.fixture()
def browser_ready(built_app):
    if not chromium_available():
        pytest.skip("chromium is not installed (scripts/install_system.sh)")
    return built_app


def test_editor_offline(browser_ready):
    proc = run([node(), "e2e/editor.e2e.mjs"], timeout=900)
    assert "E2E EDITOR OK" in proc.stdout


def test_platform(browser_ready):
    proc = run([node(), "e2e/platform.e2e.mjs"], timeout=900)
    assert "E2E PLATFORM OK" in proc.stdout
