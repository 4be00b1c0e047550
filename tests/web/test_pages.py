"""The web pages through Django's test client on the test database (SQLite and PostgreSQL).

A small demo world is imported and vetted into workspace "alpha"; a second workspace "beta"
holds one creator, so every page can be checked for scoping (another workspace's object → 404).
"""

from __future__ import annotations

import csv
import io
import json
import re
import tempfile
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client

from resonanz.web.app.models import Shortlist, ShortlistEntry
from resonanz.web.store.models import (
    Account,
    Creator,
    QuarantinedRow,
    VettingReportBlob,
    VettingResult,
    Workspace,
)
from resonanz.web.team.models import Invitation, Membership

TEMP = tempfile.gettempdir()  # where uploads are spooled: never shown on a page


@pytest.fixture(autouse=True)
def _static_root(settings: Any, tmp_path: Path) -> None:
    # whitenoise warns (an error under filterwarnings=error) when STATIC_ROOT does not exist
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_ROOT.mkdir()
    cache.clear()  # login throttling counts in the cache


@pytest.fixture
def world(db: None, tmp_path: Path) -> dict[str, Any]:
    """alpha: 12 demo creators, vetted, owned by olga, viewed by viktor; beta: one creator."""
    from resonanz.io.generator import write_world
    from resonanz.web.store.importer import import_paths
    from resonanz.web.store.services import get_workspace, vet_workspace

    data = tmp_path / "data"
    write_world(data, 12, seed=5, fmt="csv")
    (data / "ground_truth.csv").unlink()
    import_paths([data], "alpha", tmp_path / "errors.csv")
    ws = get_workspace("alpha")
    vet_workspace(ws)
    beta = Workspace.objects.create(name="beta")
    other_creator = Creator.objects.create(workspace=beta, external_id="b1", name="Beta Person")
    other_account = Account.objects.create(
        workspace=beta,
        external_id="b1-ig",
        creator=other_creator,
        platform="instagram",
        handle="beta",
    )
    users = get_user_model().objects
    owner = users.create_user("olga", password="pw-olga-123")
    viewer = users.create_user("viktor", password="pw-viktor-123")
    Membership.objects.create(user=owner, workspace=ws, role="owner")
    Membership.objects.create(user=viewer, workspace=ws, role="viewer")
    return {
        "ws": ws,
        "beta": beta,
        "owner": owner,
        "viewer": viewer,
        "other_creator": other_creator,
        "other_account": other_account,
    }


def _client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _text(response: Any) -> str:
    return response.content.decode()


# --- sign-up, login, logout -------------------------------------------------------------------


def test_signup_then_create_workspace_makes_the_user_its_owner(db: None) -> None:
    c = Client()
    r = c.post(
        "/signup/",
        {
            "username": "neu",
            "email": "",
            "password1": "ein-langes-pw-42",
            "password2": "ein-langes-pw-42",
        },
    )
    assert r.status_code == 302 and r["Location"] == "/workspaces/new/"
    # without a workspace, the creators page sends the user to create one
    assert c.get("/creators/")["Location"] == "/workspaces/new/"
    r = c.post("/workspaces/new/", {"name": "Marke A"})
    assert r.status_code == 302
    m = Membership.objects.get(user__username="neu")
    assert (m.workspace.name, m.role) == ("Marke A", "owner")
    # the same name again is a form error, not a crash
    r = c.post("/workspaces/new/", {"name": "Marke A"})
    assert r.status_code == 200
    assert "Einen Workspace mit diesem Namen gibt es schon." in _text(r)


def test_signup_rejects_mismatched_passwords(db: None) -> None:
    r = Client().post(
        "/signup/", {"username": "x", "password1": "ein-langes-pw-42", "password2": "anders-pw-42"}
    )
    assert r.status_code == 200
    assert not get_user_model().objects.filter(username="x").exists()


def test_login_is_throttled_after_five_failures(world: dict[str, Any]) -> None:
    c = Client()
    for _ in range(5):
        r = c.post("/login/", {"username": "olga", "password": "falsch"})
        assert r.status_code == 200
    # the sixth try is refused even with the right password, before the password is checked
    from django.contrib.auth.signals import user_login_failed

    checked: list[object] = []

    def failed(sender: object, **kwargs: object) -> None:
        checked.append(kwargs)

    user_login_failed.connect(failed, dispatch_uid="t", weak=False)
    r = c.post("/login/", {"username": "olga", "password": "falsch"})
    user_login_failed.disconnect(dispatch_uid="t")
    assert r.status_code == 429 and checked == []
    r = c.post("/login/", {"username": "olga", "password": "pw-olga-123"})
    assert r.status_code == 429
    assert "Zu viele Fehlversuche" in _text(r)
    assert "_auth_user_id" not in c.session
    # another address has its own attempts
    other = Client(REMOTE_ADDR="10.0.0.9")
    r = other.post("/login/", {"username": "olga", "password": "pw-olga-123"})
    assert r.status_code == 302 and r["Location"] == "/creators/"


def test_login_success_resets_the_counter_and_logout_needs_post(world: dict[str, Any]) -> None:
    c = Client()
    for _ in range(4):
        c.post("/login/", {"username": "olga", "password": "falsch"})
    assert c.post("/login/", {"username": "olga", "password": "pw-olga-123"}).status_code == 302
    assert c.get("/logout/").status_code == 405
    assert c.post("/logout/")["Location"] == "/login/"
    assert c.get("/creators/")["Location"].startswith("/login/")


def test_login_next_only_follows_local_paths(world: dict[str, Any]) -> None:
    c = Client()
    r = c.post("/login/?next=//evil.example/", {"username": "olga", "password": "pw-olga-123"})
    assert r["Location"] == "/creators/"


# --- creators list ----------------------------------------------------------------------------


def _handles(html: str) -> list[str]:
    return re.findall(r'<th scope="row"><a href="[^"]+">@([^<]+)</a>', html)


def test_creators_list_shows_every_account_of_the_workspace_only(world: dict[str, Any]) -> None:
    r = _client(world["owner"]).get("/creators/")
    assert r.status_code == 200
    handles = _handles(_text(r))
    expected = Account.objects.filter(workspace=world["ws"]).count()
    assert len(handles) == min(expected, 50)
    assert "beta" not in handles
    assert f"{expected} Konten" in _text(r)


def test_creators_filters_platform_score_and_sorting(world: dict[str, Any]) -> None:
    c = _client(world["owner"])
    ws = world["ws"]
    r = c.get("/creators/", {"platform": "tiktok", "sort": "-followers"})
    handles = _handles(_text(r))
    tiktok = list(
        Account.objects.filter(workspace=ws, platform="tiktok")
        .order_by("followers", "pk")
        .values_list("handle", flat=True)
    )
    assert handles == tiktok and handles
    scores = sorted(
        VettingResult.objects.filter(workspace=ws)
        .exclude(score=None)
        .values_list("score", flat=True)
    )
    cut = scores[len(scores) // 2]
    r = c.get("/creators/", {"min_score": str(cut)})
    assert len(_handles(_text(r))) == sum(1 for s in scores if s >= cut)
    # sorting by score and by rank (score weighed by confidence) give those orders
    for sort, column in (("score", "score"), ("rank", "rank_score")):
        ids = [
            int(x)
            for x in re.findall(
                r'name="a" value="(\d+)"', _text(c.get("/creators/", {"sort": sort}))
            )
        ]
        values = dict(VettingResult.objects.filter(workspace=ws).values_list("account_id", column))
        ranked = [values[i] for i in ids if values.get(i) is not None]
        assert ranked == sorted(ranked, reverse=True) and len(ranked) > 5


def test_creators_min_engagement_uses_the_vetted_engagement_rate(world: dict[str, Any]) -> None:
    c = _client(world["owner"])
    rates = []
    for report in VettingReportBlob.objects.filter(workspace=world["ws"]).values_list(
        "report", flat=True
    ):
        comp = next(x for x in report["components"] if x["key"] == "engagement")
        if isinstance(comp["value"], float):
            rates.append(comp["value"])
    rates.sort()
    cut = rates[len(rates) // 2]
    r = c.get("/creators/", {"min_engagement": f"{cut * 100:.6f}"})
    assert len(_handles(_text(r))) == sum(1 for x in rates if x >= round(cut * 100, 6) / 100)


def test_creators_search_finds_handles_and_captions(world: dict[str, Any]) -> None:
    from resonanz.web.store.models import Post

    c = _client(world["owner"])
    acc = Account.objects.filter(workspace=world["ws"]).order_by("pk").first()
    assert acc is not None
    r = c.get("/creators/", {"q": acc.handle.upper()})
    assert acc.handle in _handles(_text(r))
    from resonanz.web.store.search import refresh_search_index

    Post.objects.filter(account=acc).update(caption="Unverwechselbar Zitronenkuchen-Rezept")
    refresh_search_index(world["ws"])  # imports do this; the test changed captions directly
    r = c.get("/creators/", {"q": "zitronenkuchen"})
    assert _handles(_text(r)) == [acc.handle]
    r = c.get("/creators/", {"q": "Zitronenkuchen-Rezepte"})  # lemmas: plural finds singular
    assert _handles(_text(r)) == [acc.handle]
    # hostile input is just text
    r = c.get("/creators/", {"q": "'; DROP TABLE accounts; --", "min_score": "abc", "sort": "nope"})
    assert r.status_code == 200 and _handles(_text(r)) == []


def test_creators_niche_and_flag_filters(world: dict[str, Any]) -> None:
    c = _client(world["owner"])
    creator = Creator.objects.filter(workspace=world["ws"]).exclude(niches=[]).first()
    assert creator is not None
    niche = creator.niches[0]
    r = c.get("/creators/", {"niche": niche})
    want = {
        a.handle
        for a in Account.objects.filter(workspace=world["ws"]).select_related("creator")
        if a.creator and niche in a.creator.niches
    }
    assert set(_handles(_text(r))) == want
    flagged = {
        v.account.handle
        for v in VettingResult.objects.filter(workspace=world["ws"]).select_related("account")
        if v.flags
    }
    r = c.get("/creators/", {"flagged": "1"})
    assert set(_handles(_text(r))) == flagged


def test_creators_pagination(world: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    from resonanz.web.app.views import creators

    monkeypatch.setattr(creators, "PAGE_SIZE", 5)
    c = _client(world["owner"])
    total = Account.objects.filter(workspace=world["ws"]).count()
    seen: list[int] = []
    handles: list[str] = []
    page = 1
    while True:
        r = c.get("/creators/", {"sort": "handle", "page": page})
        handles += _handles(_text(r))
        seen += [int(x) for x in re.findall(r'name="a" value="(\d+)"', _text(r))]
        if 'rel="next"' not in _text(r):
            break
        page += 1
    assert len(seen) == total == len(set(seen)) and page == -(-total // 5)
    assert handles == sorted(handles)


def test_creators_htmx_request_gets_only_the_results(world: dict[str, Any]) -> None:
    r = _client(world["owner"]).get("/creators/", {"platform": "instagram"}, HTTP_HX_REQUEST="true")
    assert "<html" not in _text(r)
    assert 'id="creator-table"' in _text(r)


# --- creator page, compare --------------------------------------------------------------------


def test_creator_page_shows_every_component_with_weight_evidence_and_charts(
    world: dict[str, Any],
) -> None:
    acc = (
        Account.objects.filter(workspace=world["ws"], vetting__isnull=False, creator__isnull=False)
        .select_related("vetting")
        .first()
    )
    assert acc is not None
    r = _client(world["owner"]).get(f"/creators/{acc.creator_id}/")
    html = _text(r)
    assert r.status_code == 200
    from resonanz.report.strings import Catalogue

    t = Catalogue("de")
    for comp in VettingReportBlob.objects.get(account=acc).report["components"]:
        assert t.label("component", comp["key"]) in html
    assert "Gewicht" in html and "Belege" in html and "Konfidenz" in html
    figures = re.findall(
        r'<script type="application/json" id="fig-[^"]+">(.*?)</script>', html, re.S
    )
    keys = {json.loads(f)["layout"].get("height") is not None for f in figures}
    assert len(figures) >= 3 and keys == {True}
    assert "/assets/plotly.min.js" in html
    r = _client(world["owner"]).get(f"/accounts/{acc.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 200


def test_plotly_is_served_locally(world: dict[str, Any]) -> None:
    r = _client(world["owner"]).get("/assets/plotly.min.js")
    assert r.status_code == 200
    body = b"".join(r.streaming_content)  # type: ignore[attr-defined]
    assert len(body) > 1_000_000 and b"plotly" in body[:2000].lower()


def test_objects_of_another_workspace_are_404(world: dict[str, Any]) -> None:
    c = _client(world["owner"])
    assert c.get(f"/creators/{world['other_creator'].pk}/").status_code == 404
    assert c.get(f"/accounts/{world['other_account'].pk}/").status_code == 404
    sl = Shortlist.objects.create(workspace=world["beta"], name="fremd")
    assert c.get(f"/shortlists/{sl.pk}/").status_code == 404
    assert c.post(f"/shortlists/{sl.pk}/add/", {"a": world["other_account"].pk}).status_code == 404
    # switching to a workspace one is not a member of is refused too
    assert c.post("/workspaces/switch/", {"workspace": world["beta"].pk}).status_code == 404


def test_compare_two_accounts_side_by_side(world: dict[str, Any]) -> None:
    ids = list(
        Account.objects.filter(workspace=world["ws"]).order_by("pk").values_list("pk", "handle")[:3]
    )
    c = _client(world["owner"])
    r = c.get("/compare/", {"a": [i for i, _ in ids] + [world["other_account"].pk]})
    html = _text(r)
    assert all(f"@{h}" in html for _, h in ids)
    assert "@beta" not in html
    assert html.count('<th scope="col"><a href=') == 3
    r = c.get("/compare/", {"a": [ids[0][0]]})
    assert "Wähle 2 bis 4 Konten" in _text(r)


# --- vet now, shortlists, roles ---------------------------------------------------------------


def test_vet_now_needs_member_role(world: dict[str, Any]) -> None:
    VettingResult.objects.filter(workspace=world["ws"]).delete()
    assert _client(world["viewer"]).post("/vet/").status_code == 404
    assert VettingResult.objects.filter(workspace=world["ws"]).count() == 0
    r = _client(world["owner"]).post("/vet/")
    assert r.status_code == 302
    n = Account.objects.filter(workspace=world["ws"]).count()
    assert VettingResult.objects.filter(workspace=world["ws"]).count() == n


def test_shortlist_create_add_remove(world: dict[str, Any]) -> None:
    c = _client(world["owner"])
    r = c.post("/shortlists/", {"name": "Sommer"})
    sl = Shortlist.objects.get(workspace=world["ws"], name="Sommer")
    assert r["Location"] == f"/shortlists/{sl.pk}/"
    accs = list(Account.objects.filter(workspace=world["ws"]).order_by("pk")[:2])
    c.post(f"/shortlists/{sl.pk}/add/", {"a": [a.pk for a in accs] + [world["other_account"].pk]})
    assert set(
        ShortlistEntry.objects.filter(shortlist=sl).values_list("account_id", flat=True)
    ) == {a.pk for a in accs}
    html = _text(c.get(f"/shortlists/{sl.pk}/"))
    assert all(f"@{a.handle}" in html for a in accs)
    c.post(f"/shortlists/{sl.pk}/remove/", {"a": accs[0].pk})
    assert list(
        ShortlistEntry.objects.filter(shortlist=sl).values_list("account_id", flat=True)
    ) == [accs[1].pk]
    assert c.post("/shortlists/", {"name": "Sommer"}).status_code == 200  # duplicate: form error
    assert _client(world["viewer"]).post(f"/shortlists/{sl.pk}/delete/").status_code == 404
    c.post(f"/shortlists/{sl.pk}/delete/")
    assert not Shortlist.objects.filter(pk=sl.pk).exists()


def test_members_page_is_for_owners_and_invitations_work(world: dict[str, Any]) -> None:
    assert _client(world["viewer"]).get("/members/").status_code == 404
    owner = _client(world["owner"])
    r = owner.post("/members/", {"email": "neu@example.org", "role": "member"})
    assert r.status_code == 302
    inv = Invitation.objects.get(workspace=world["ws"])
    assert inv.token in _text(owner.get("/members/"))
    newcomer = get_user_model().objects.create_user("nina", password="pw-nina-12345")
    nc = _client(newcomer)
    assert nc.post(f"/invitations/{inv.token}/").status_code == 302
    assert Membership.objects.get(user=newcomer).role == "member"
    assert nc.post(f"/invitations/{inv.token}/").status_code == 404  # used once
    m = Membership.objects.get(user=newcomer)
    owner.post("/members/remove/", {"member": m.pk})
    assert not Membership.objects.filter(user=newcomer).exists()
    # the last owner stays, and stays an owner
    own = Membership.objects.get(user=world["owner"])
    owner.post("/members/remove/", {"member": own.pk})
    assert Membership.objects.filter(pk=own.pk).exists()
    owner.post("/members/role/", {"member": own.pk, "role": "viewer"})
    assert Membership.objects.get(pk=own.pk).role == "owner"
    # roles change; unknown roles and other workspaces' members are refused
    viktor = Membership.objects.get(user=world["viewer"])
    owner.post("/members/role/", {"member": viktor.pk, "role": "member"})
    assert Membership.objects.get(pk=viktor.pk).role == "member"
    assert owner.post("/members/role/", {"member": viktor.pk, "role": "admin"}).status_code == 404
    stranger = Membership.objects.create(
        user=get_user_model().objects.create_user("sam"), workspace=world["beta"], role="viewer"
    )
    assert owner.post("/members/role/", {"member": stranger.pk, "role": "owner"}).status_code == 404
    assert (
        _client(world["viewer"])
        .post("/members/role/", {"member": own.pk, "role": "viewer"})
        .status_code
        == 404
    )


def test_workspace_switch_changes_what_is_shown(world: dict[str, Any]) -> None:
    Membership.objects.create(user=world["owner"], workspace=world["beta"], role="viewer")
    c = _client(world["owner"])
    c.post("/workspaces/switch/", {"workspace": world["beta"].pk})
    assert _handles(_text(c.get("/creators/"))) == ["beta"]
    assert c.get(f"/creators/{world['other_creator'].pk}/").status_code == 200


# --- import -----------------------------------------------------------------------------------

BAD_CREATORS = (
    "creator_id,name,city,country,language,niches\n"
    "c-ok,Anna,Köln,DE,de,food\n"
    "c-bad,Bernd,Berlin,GERMANY,de,food\n"
    ",Ohne Id,Hamburg,DE,de,food\n"
)


def _upload(c: Client, name: str, body: bytes, table: str = "") -> Any:
    f = io.BytesIO(body)
    f.name = name
    return c.post("/import/", {"file": f, "table": table})


def test_import_with_bad_rows_shows_the_report_and_a_csv(world: dict[str, Any]) -> None:
    c = _client(world["owner"])
    r = _upload(c, "creators.csv", BAD_CREATORS.encode())
    assert r.status_code == 302
    page = c.get(r["Location"])
    html = _text(page)
    assert "Fehler je Zeile" in html
    rows = re.findall(r'<tr><td class="num">(\d+)</td><td><code>([^<]+)</code>', html)
    assert ("3", "country") in rows and ("4", "creator_id") in rows
    # reasons in the page's language; the CSV keeps the report's English contract
    assert "Pflichtwert fehlt" in html and "required value missing" not in html
    download = c.get(r["Location"] + "errors.csv")
    assert download["Content-Type"].startswith("text/csv")
    lines = list(csv.DictReader(io.StringIO(download.content.decode())))
    assert {(x["line"], x["field"]) for x in lines} >= {("3", "country"), ("4", "creator_id")}
    assert all(x["file"] == "creators.csv" for x in lines)  # no server path leaks
    assert ("creator_id", "required value missing") in {(x["field"], x["reason"]) for x in lines}
    assert Creator.objects.filter(workspace=world["ws"], external_id="c-ok").exists()
    # quarantined rows: listed, and downloadable in their original columns to fix
    assert QuarantinedRow.objects.filter(workspace=world["ws"], table="creators").count() == 2
    q = c.get("/quarantine/", {"table": "creators"})
    assert _text(q).count("<td>creators</td>") == 2 and "country" in _text(q)
    assert "creator_id: Pflichtwert fehlt" in _text(q)
    fix = c.get("/quarantine/rows.csv", {"table": "creators"})
    fixed_rows = list(csv.DictReader(io.StringIO(fix.content.decode())))
    assert {r_["name"] for r_ in fixed_rows} == {"Bernd", "Ohne Id"}
    for row in fixed_rows:
        row["country"] = "DE"
        row["creator_id"] = row["creator_id"] or "c-fixed"
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=list(fixed_rows[0]))
    w.writeheader()
    w.writerows(fixed_rows)
    r = _upload(c, "creators.csv", out.getvalue().encode())
    assert "Keine Zeile wurde abgelehnt." in _text(c.get(r["Location"]))
    assert (
        Creator.objects.filter(workspace=world["ws"], external_id__in=["c-bad", "c-fixed"]).count()
        == 2
    )


def test_import_of_an_unreadable_file_is_reported(world: dict[str, Any]) -> None:
    c = _client(world["owner"])
    r = _upload(c, "kaputt.parquet", b"not a parquet file")
    assert r.status_code == 302
    html = _text(c.get(r["Location"]))
    assert 'role="alert"' in html and "kaputt.parquet" in html
    assert TEMP not in html  # the server's upload folder is never shown


def test_viewer_cannot_import(world: dict[str, Any]) -> None:
    r = _upload(_client(world["viewer"]), "creators.csv", BAD_CREATORS.encode())
    assert r.status_code == 404


def test_import_of_another_workspace_is_404(world: dict[str, Any]) -> None:
    from resonanz.web.store.models import ImportRun

    run = ImportRun.objects.create(workspace=world["beta"], file="x.csv", table="creators")
    c = _client(world["owner"])
    assert c.get(f"/import/{run.pk}/").status_code == 404
    assert c.get(f"/import/{run.pk}/errors.csv").status_code == 404


# --- language ---------------------------------------------------------------------------------


def test_german_by_default_english_on_switch(world: dict[str, Any]) -> None:
    c = _client(world["owner"])
    html = _text(c.get("/creators/"))
    assert '<html lang="de">' in html and "Jetzt prüfen" in html
    r = c.post("/i18n/setlang/", {"language": "en", "next": "/creators/"})
    assert r.status_code == 302
    html = _text(c.get("/creators/"))
    assert '<html lang="en">' in html and "Vet now" in html and "Jetzt prüfen" not in html


def test_every_ui_string_has_a_german_translation() -> None:
    po = Path(__file__).parents[2] / "resonanz/web/locale/de/LC_MESSAGES/django.po"
    text = po.read_text(encoding="utf-8")
    entries = text.split("\n\n")[1:]
    empty = [e for e in entries if re.search(r'^msgstr(\[\d\])? ""$', e, re.M)]
    assert empty == []
    for lang in ("de", "en"):
        mo = po.parents[2] / lang / "LC_MESSAGES" / "django.mo"
        assert mo.exists() and mo.stat().st_mtime >= (mo.with_suffix(".po")).stat().st_mtime - 5


# --- brief → plan -----------------------------------------------------------------------------


def test_brief_to_plan_page(world: dict[str, Any]) -> None:
    from resonanz.web.app.models import CampaignPlan

    c = _client(world["owner"])
    brief = "goal: awareness\nbudget_eur: 5000\nplatforms: [instagram, tiktok]\n"
    r = c.post("/plans/", {"brief": brief})
    assert r.status_code == 302, _text(r)[-2000:]
    plan = CampaignPlan.objects.get(workspace=world["ws"])
    assert r["Location"] == f"/plans/{plan.pk}/"
    assert 0 < plan.result["total_cost_eur"] <= 5000
    html = _text(c.get(r["Location"]))
    assert "Kampagnenplan" in html and "Budget je Stufe" in html
    rows = re.findall(r'<tr><th scope="row"><a href="/accounts/(\d+)/">', html)
    assert len(rows) == len(plan.result["creators"]) > 0
    assert 'data-figure="fig-split-tier"' in html and 'id="fig-split-tier"' in html
    # a plan of another workspace is not found
    other = CampaignPlan.objects.create(workspace=world["beta"], brief_yaml="x", result=plan.result)
    assert c.get(f"/plans/{other.pk}/").status_code == 404


def test_brief_errors_are_shown_on_the_form(world: dict[str, Any]) -> None:
    c = _client(world["owner"])
    r = c.post("/plans/", {"brief": "goal: awareness\nniches: [fitness"})
    assert r.status_code == 200 and "brief:" in _text(r) and "YAML" in _text(r)
    r = c.post("/plans/", {"brief": "goal: awareness\n"})
    assert "budget_eur fehlt" in _text(r)
    assert _client(world["viewer"]).post("/plans/", {"brief": "budget_eur: 10"}).status_code == 404


# --- API tokens -------------------------------------------------------------------------------


def test_api_token_is_shown_once_and_works_and_can_be_revoked(world: dict[str, Any]) -> None:
    from resonanz.web.team.models import ApiToken

    c = _client(world["owner"])
    r = c.post("/tokens/", {"name": "Skript"})
    assert r.status_code == 200 and r["Cache-Control"] == "no-store"
    secret = re.search(r'<code id="new-token">(rz_[^<]+)</code>', _text(r))
    assert secret is not None
    token = ApiToken.objects.get(user=world["owner"])
    assert token.name == "Skript" and secret.group(1) not in _text(c.get("/tokens/"))
    assert ApiToken.lookup(secret.group(1)) is not None
    # another user cannot revoke it; its owner can
    _client(world["viewer"]).post("/tokens/revoke/", {"token": token.pk})
    assert ApiToken.objects.filter(pk=token.pk).exists()
    c.post("/tokens/revoke/", {"token": token.pk})
    assert not ApiToken.objects.filter(pk=token.pk).exists()


def test_import_progress_shows_the_running_import_of_this_workspace(world: dict[str, Any]) -> None:
    from resonanz.web.store.models import ImportRun

    c = _client(world["owner"])
    assert _text(c.get("/import/progress/")).strip() == ""
    ImportRun.objects.create(
        workspace=world["ws"],
        file=f"{TEMP}/x/posts.csv",
        table="posts",
        rows_read=20000,
        rows_imported=19990,
        rows_rejected=10,
    )
    ImportRun.objects.create(
        workspace=world["beta"], file=f"{TEMP}/y/zzb.csv", table="posts", rows_read=7
    )
    text = _text(c.get("/import/progress/"))
    assert "posts.csv: 20000 Zeilen gelesen, 19990 importiert, 10 abgelehnt" in text
    assert "zzb" not in text and TEMP not in text
