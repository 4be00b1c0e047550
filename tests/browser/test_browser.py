"""The web app in a real browser: sign up, create a workspace, import a file with bad rows and
see the report, filter creators, open a creator page with its charts, switch the language."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

BAD_CREATORS = (
    "creator_id,name,city,country,language,niches\n"
    "c-ok,Anna,Köln,DE,de,food\n"
    "c-bad,Bernd,Berlin,GERMANY,de,food\n"
)


@pytest.fixture
def vetted_user(transactional_db: None, tmp_path: Path) -> dict[str, Any]:
    """Workspace "alpha" with 12 vetted demo creators, owned by user olga."""
    from django.contrib.auth import get_user_model

    from resonanz.io.generator import write_world
    from resonanz.web.store.importer import import_paths
    from resonanz.web.store.services import get_workspace, vet_workspace
    from resonanz.web.team.models import Membership

    data = tmp_path / "data"
    write_world(data, 12, seed=5, fmt="csv")
    (data / "ground_truth.csv").unlink()
    import_paths([data], "alpha", tmp_path / "errors.csv")
    ws = get_workspace("alpha")
    vet_workspace(ws)
    user = get_user_model().objects.create_user("olga", password="pw-olga-123")
    Membership.objects.create(user=user, workspace=ws, role="owner")
    return {"ws": ws, "user": user}


def _login(page: Any) -> None:
    page.goto("/login/")
    page.get_by_label("Benutzername").fill("olga")
    page.get_by_label("Passwort").fill("pw-olga-123")
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url("**/creators/")


def test_sign_up_and_create_a_workspace(page: Any) -> None:
    page.goto("/signup/")
    page.get_by_label("Benutzername").fill("neu")
    page.locator("#id_password1").fill("ein-langes-pw-42")  # labelled "Passwort"
    page.get_by_label("Passwort bestätigen").fill("ein-langes-pw-42")
    page.get_by_role("button", name="Zugang anlegen").click()
    page.wait_for_url("**/workspaces/new/")
    page.get_by_label("Name").fill("Marke A")
    page.get_by_role("button", name="Workspace anlegen").click()
    page.wait_for_url("**/import/")
    assert page.locator("#ws-switch option:checked").inner_text() == "Marke A"


def test_import_a_file_with_bad_rows_shows_the_report(page: Any, tmp_path: Path) -> None:
    from django.contrib.auth import get_user_model

    from resonanz.web.store.models import Workspace
    from resonanz.web.team.models import Membership

    user = get_user_model().objects.create_user("olga", password="pw-olga-123")
    Membership.objects.create(user=user, workspace=Workspace.objects.create(name="w"), role="owner")
    upload = tmp_path / "creators.csv"
    upload.write_text(BAD_CREATORS, encoding="utf-8")
    _login(page)
    page.get_by_role("link", name="Import").click()
    page.get_by_label("Datei (CSV, JSONL oder Parquet)").set_input_files(str(upload))
    page.get_by_role("button", name="Import", exact=True).click()
    page.wait_for_url("**/import/*/")
    table = page.locator("#error-report")
    assert table.is_visible()
    assert "country" in table.inner_text()
    assert page.get_by_role("link", name="Fehlerbericht herunterladen (CSV)").is_visible()


def test_filter_creators(page: Any, vetted_user: dict[str, Any]) -> None:
    from resonanz.web.store.models import Account

    _login(page)
    total = Account.objects.filter(workspace=vetted_user["ws"]).count()
    tiktok = Account.objects.filter(workspace=vetted_user["ws"], platform="tiktok").count()
    assert page.locator("#creator-table tbody tr").count() == total
    page.get_by_label("Plattform").select_option("tiktok")  # HTMX swaps the results in place
    page.wait_for_function(
        f"document.querySelectorAll('#creator-table tbody tr').length === {tiktok}"
    )
    assert "platform=tiktok" in page.url
    assert page.locator("#result-count").inner_text() == f"{tiktok} Konten"


def test_open_a_creator_page_with_charts(page: Any, vetted_user: dict[str, Any]) -> None:
    _login(page)
    page.locator("#creator-table tbody tr th a").first.click()
    page.wait_for_url("**/creators/*/")
    page.wait_for_selector(".plot .main-svg")  # plotly drew the charts (served locally)
    assert page.locator(".plot .main-svg").count() >= 3
    assert page.get_by_role("heading", name="So entsteht der Score").first.is_visible()


def test_switch_language(page: Any, vetted_user: dict[str, Any]) -> None:
    _login(page)
    assert page.locator("html").get_attribute("lang") == "de"
    page.get_by_role("button", name="EN (English)").click()
    page.wait_for_function("document.documentElement.lang === 'en'")
    assert page.get_by_role("button", name="Vet now").is_visible()
    assert page.get_by_role("link", name="Creators", exact=True).is_visible()


def test_compare_two_creators_and_keep_them_on_a_shortlist(
    page: Any, vetted_user: dict[str, Any]
) -> None:
    from resonanz.web.app.models import Shortlist, ShortlistEntry

    Shortlist.objects.create(workspace=vetted_user["ws"], name="Sommer")
    _login(page)
    boxes = page.locator("#creator-table tbody input[type=checkbox]")
    boxes.nth(0).check()
    boxes.nth(1).check()
    page.get_by_role("button", name="Zur Shortlist hinzufügen").click()  # the ticked rows
    page.wait_for_url("**/creators/")
    assert ShortlistEntry.objects.filter(shortlist__name="Sommer").count() == 2
    boxes = page.locator("#creator-table tbody input[type=checkbox]")
    boxes.nth(0).check()
    boxes.nth(1).check()
    page.get_by_role("button", name="Auswahl vergleichen (2–4)").click()
    page.wait_for_url("**/compare/**")
    assert page.locator("#compare-table thead th").count() == 3  # component column + 2 accounts
