"""The bundled handbook in a real browser: it loads, and nothing leaves the site."""

import pytest

pytestmark = pytest.mark.browser


def test_home_page_lists_situations_and_requests_nothing_outside(page) -> None:
    page.goto("./")
    cards = page.locator(".pb-situation-card")
    assert cards.count() >= 2
    page.wait_for_load_state("networkidle")
    assert page.requests.outside == []
    assert page.errors == []
