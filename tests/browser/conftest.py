"""Browser tests: real headless Chromium (Debian's package) driven by Playwright against
pytest-django's live server.

Without Chromium the tests are skipped locally, but fail under CI=true: CI must run them.
Each test saves a screenshot under test-artifacts/browser/.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path(os.environ.get("RESONANZ_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"

# Playwright's sync API keeps an asyncio loop on the main thread; Django then refuses ORM calls
# from that thread unless told this is safe. It is here: tests and the live server, no real
# async code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    reason = f"Chromium not found at {CHROMIUM} (apt-get install chromium; .ci/run does it)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI: the browser suite is required. {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the whole session."""
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def static_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An existing STATIC_ROOT, set before the live server loads whitenoise (which warns, an
    error here, when the folder is missing)."""
    from django.conf import settings

    root = tmp_path_factory.mktemp("static")
    settings.STATIC_ROOT = root
    return root


@pytest.fixture
def page(
    static_root: Path, browser: Any, live_server: Any, transactional_db: None, request: Any
) -> Iterator[Any]:
    """A fresh browser page (own cookies) on the live server; screenshot saved after the test."""
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1366, "height": 900}, locale="de-DE"
    )
    context.set_default_timeout(15_000)
    pg = context.new_page()
    yield pg
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()
