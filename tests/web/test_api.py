"""The JSON API through Django's test client on the test database (SQLite and PostgreSQL).

A 30-creator demo world is imported and vetted once per test; the CLI's ``--json`` outputs are
the contracts the API must answer with (same keys, same values).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

PROBLEM = "application/problem+json"


def _problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"] == PROBLEM
    body = json.loads(response.content)
    assert body["status"] == status
    assert {"type", "title", "status", "detail", "instance"} <= set(body)
    assert body["detail"]
    return body  # type: ignore[no-any-return]


@pytest.fixture(autouse=True)
def _static_root(settings: Any, tmp_path: Path) -> None:
    # whitenoise warns (an error under filterwarnings=error) when STATIC_ROOT does not exist
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_ROOT.mkdir()


@pytest.fixture
def world(db: None, tmp_path: Path) -> dict[str, Any]:
    """Workspace "alpha" with 30 demo creators, vetted; an owner (with token) and a viewer."""
    from resonanz.io.generator import write_world
    from resonanz.web.store.importer import import_paths
    from resonanz.web.store.services import get_workspace, vet_workspace
    from resonanz.web.team.models import ApiToken, Membership

    data = tmp_path / "data"
    write_world(data, 30, seed=11, fmt="csv")
    (data / "ground_truth.csv").unlink()
    import_paths([data], "alpha", tmp_path / "errors.csv")
    ws = get_workspace("alpha")
    vet_workspace(ws)
    users = get_user_model().objects
    owner = users.create_user("olga", password="pw-olga-123")
    viewer = users.create_user("viktor", password="pw-viktor-123")
    Membership.objects.create(user=owner, workspace=ws, role="owner")
    Membership.objects.create(user=viewer, workspace=ws, role="viewer")
    _, owner_token = ApiToken.issue(owner, "tests")
    _, viewer_token = ApiToken.issue(viewer, "tests")
    return {
        "ws": ws,
        "data": data,
        "owner": owner,
        "owner_token": owner_token,
        "viewer_token": viewer_token,
    }


def _client(token: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {token}"})


@pytest.fixture
def owner(world: dict[str, Any]) -> Client:
    return _client(world["owner_token"])


@pytest.fixture
def viewer(world: dict[str, Any]) -> Client:
    return _client(world["viewer_token"])


def test_health_needs_no_login(db: None) -> None:
    response = Client().get("/api/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_no_credentials_is_401_problem(db: None) -> None:
    body = _problem(Client().get("/api/creators"), 401)
    assert body["type"] == "urn:resonanz:problem:unauthenticated"
    assert body["instance"] == "/api/creators"


def test_wrong_token_is_401(world: dict[str, Any]) -> None:
    response = _client("rz_" + "x" * 43).get("/api/creators")
    _problem(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_workspaces_lists_memberships(owner: Client) -> None:
    body = owner.get("/api/workspaces").json()
    assert body == {"items": [{"name": "alpha", "role": "owner", "current": True}], "total": 1}


def test_unknown_workspace_is_404(owner: Client) -> None:
    body = _problem(owner.get("/api/creators", headers={"X-Workspace": "nope"}), 404)
    assert body["type"] == "urn:resonanz:problem:unknown-workspace"
    _problem(owner.get("/api/creators?workspace=nope"), 404)


def test_creators_list_pagination_and_total(owner: Client, world: dict[str, Any]) -> None:
    from resonanz.web.store.models import VettingResult

    vetted = VettingResult.objects.filter(workspace=world["ws"]).count()
    first = owner.get("/api/creators?limit=7").json()
    assert first["total"] == vetted > 7
    assert first["total_exact"] is True
    assert len(first["items"]) == 7
    assert (first["limit"], first["offset"]) == (7, 0)
    second = owner.get("/api/creators?limit=7&offset=7").json()
    ids = [i["account_id"] for i in first["items"] + second["items"]]
    assert len(set(ids)) == 14
    ranks = [i["rank_score"] for i in first["items"] if i["rank_score"] is not None]
    assert ranks == sorted(ranks, reverse=True)
    item = first["items"][0]
    assert set(item["components"]) >= {"engagement", "tier"}
    assert item["handle"] and item["platform"]


def test_creators_list_components_and_columns_are_the_reports(
    owner: Client, world: dict[str, Any]
) -> None:
    """The narrow columns the lists read say what the stored report says, in its order."""
    from resonanz.web.store.models import VettingReportBlob, VettingResult

    reports = {
        b.account.external_id: b.report
        for b in VettingReportBlob.objects.filter(workspace=world["ws"]).select_related("account")
    }
    assert len(reports) == VettingResult.objects.filter(workspace=world["ws"]).count() > 0
    body = owner.get("/api/creators?limit=30").json()
    for item in body["items"]:
        report = reports[item["account_id"]]
        expected = [(c["key"], c["score"]) for c in report["components"]]
        assert list(item["components"].items()) == expected
    for result in VettingResult.objects.filter(workspace=world["ws"]).select_related("account"):
        report = reports[result.account.external_id]
        engagement = next(c for c in report["components"] if c["key"] == "engagement")
        value = engagement["value"]
        assert result.engagement_rate == (value if isinstance(value, float) else None)


def test_creators_filters(owner: Client, world: dict[str, Any]) -> None:
    from resonanz.web.store.models import VettingResult

    results = list(
        VettingResult.objects.filter(workspace=world["ws"]).select_related("account__creator")
    )
    platform = results[0].account.platform
    expected = sum(1 for r in results if r.account.platform == platform)
    body = owner.get(f"/api/creators?platform={platform}&limit=200").json()
    assert body["total"] == expected
    assert body["total_exact"] is True
    assert {i["platform"] for i in body["items"]} == {platform}

    scored = sorted(r.score for r in results if r.score is not None)
    cut = scored[len(scored) // 2]
    body = owner.get(f"/api/creators?min_score={cut}&limit=200").json()
    assert body["total"] == sum(1 for s in scored if s >= cut)
    assert all(i["score"] >= cut for i in body["items"])

    niche = next(n for r in results if r.account.creator for n in r.account.creator.niches)
    body = owner.get(f"/api/creators?niche={niche}&limit=200").json()
    assert body["total"] == sum(
        1 for r in results if r.account.creator and niche in r.account.creator.niches
    )
    assert all(niche in i["niches"] for i in body["items"])

    handle = results[3].account.handle
    body = owner.get("/api/creators", {"q": "@" + handle.upper()}).json()
    assert handle in [i["handle"] for i in body["items"]]
    assert owner.get("/api/creators", {"q": "zzqxnothing"}).json()["total"] == 0

    tier = results[0].tier
    body = owner.get(f"/api/creators?tier={tier}&limit=200").json()
    assert body["total"] == sum(1 for r in results if r.tier == tier)


def test_creators_list_validation_problem(owner: Client) -> None:
    body = _problem(owner.get("/api/creators?limit=0&min_score=abc"), 422)
    assert body["type"] == "urn:resonanz:problem:validation-error"
    fields = {e["field"] for e in body["errors"]}
    assert fields == {"query.limit", "query.min_score"}


def test_creator_detail_is_the_vet_json_element(
    owner: Client, world: dict[str, Any], cli: Callable[..., Any]
) -> None:
    from resonanz.web.store.models import Account

    account = Account.objects.filter(workspace=world["ws"]).order_by("external_id").first()
    assert account is not None
    result = cli("--workspace", "alpha", "vet", account.external_id, "--json")
    assert result.exit_code == 0, result.stderr
    expected = result.json()[0]
    got = owner.get(f"/api/creators/{account.external_id}").json()
    assert got == expected


def test_creator_fee_matches_fee_json(
    owner: Client, world: dict[str, Any], cli: Callable[..., Any]
) -> None:
    from resonanz.web.store.models import VettingResult

    result = (
        VettingResult.objects.filter(workspace=world["ws"], tier="micro")
        .select_related("account")
        .first()
        or VettingResult.objects.select_related("account").first()
    )
    assert result is not None
    account_id = result.account.external_id
    cli_rows = cli("--workspace", "alpha", "fee", account_id, "--json").json()
    api_rows = owner.get(f"/api/creators/{account_id}/fee").json()
    assert [sorted(r) for r in api_rows] == [sorted(r) for r in cli_rows]
    for a, c in zip(api_rows, cli_rows, strict=True):
        assert a["deliverable"] == c["deliverable"]
        for key in ("fee_low_eur", "fee_eur", "fee_high_eur", "confidence"):
            assert a[key] == pytest.approx(c[key])
        assert a["reasons"] == c["reasons"]
    one = owner.get(f"/api/creators/{account_id}/fee?deliverable=reel&product_value=50").json()
    assert [r["deliverable"] for r in one] == ["reel"]
    assert one[0]["product_value_eur"] == 50


def test_unknown_creator_is_404(owner: Client) -> None:
    _problem(owner.get("/api/creators/no-such-account"), 404)
    _problem(owner.get("/api/creators/no-such-account/fee"), 404)


def test_viewer_reads_but_cannot_write(viewer: Client, world: dict[str, Any]) -> None:
    assert viewer.get("/api/creators").status_code == 200
    body = _problem(viewer.post("/api/vet", content_type="application/json"), 403)
    assert body["type"] == "urn:resonanz:problem:insufficient-role"
    _problem(viewer.post("/api/plans", {"budget_eur": 1000}, content_type="application/json"), 403)
    upload = _upload("accounts.csv", b"account_id,platform,handle\n")
    _problem(viewer.post("/api/imports", {"file": upload}), 403)


def _upload(name: str, content: bytes) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="text/csv")


def test_vet_endpoint(owner: Client, world: dict[str, Any]) -> None:
    from resonanz.web.store.models import VettingResult

    response = owner.post("/api/vet", content_type="application/json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["workspace"] == "alpha"
    assert body["vetted"] == VettingResult.objects.filter(workspace=world["ws"]).count() > 0


def test_import_upload_with_bad_rows(owner: Client, world: dict[str, Any]) -> None:
    creators = world["data"] / "creators.csv"
    lines = creators.read_text(encoding="utf-8").splitlines()
    header = lines[0]
    good = lines[1]
    content = "\n".join([header, good, "," * header.count(","), ""]).encode()
    response = owner.post("/api/imports", {"file": _upload("creators.csv", content)})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["file"] == "creators.csv"
    assert body["table"] == "creators"
    assert (body["rows_read"], body["rows_imported"], body["rows_rejected"]) == (2, 1, 1)
    assert body["errors_total"] >= 1
    assert body["errors"][0]["line"] == 3
    run = owner.get(f"/api/imports/{body['import_id']}").json()
    assert run["status"] == "done"
    assert run["rows_rejected"] == 1
    errors = owner.get(f"/api/imports/{body['import_id']}/errors").json()
    assert errors["total"] == 1
    assert errors["items"][0]["line"] == 3
    assert errors["items"][0]["errors"]
    listed = owner.get("/api/imports").json()
    assert body["import_id"] in [i["import_id"] for i in listed["items"]]


def test_import_unreadable_file_is_422(owner: Client, world: dict[str, Any]) -> None:
    response = owner.post("/api/imports", {"file": _upload("notes.txt", b"hello")})
    body = _problem(response, 422)
    assert "notes.txt" in body["detail"]
    assert "/tmp" not in body["detail"]


def test_import_unknown_table_is_422(owner: Client, world: dict[str, Any]) -> None:
    upload = _upload("x.csv", b"a,b\n1,2\n")
    body = _problem(owner.post("/api/imports", {"file": upload, "table": "nope"}), 422)
    assert body["errors"][0]["field"] == "form.table"


def test_plan_matches_plan_json(
    owner: Client, world: dict[str, Any], cli: Callable[..., Any], tmp_path: Path
) -> None:
    brief = {"goal": "engagement", "budget_eur": 3000, "platforms": ["instagram", "tiktok"]}
    path = tmp_path / "brief.yaml"
    path.write_text(
        "goal: engagement\nbudget_eur: 3000\nplatforms: [instagram, tiktok]\n", encoding="utf-8"
    )
    expected = cli("--workspace", "alpha", "plan", path, "--json")
    response = owner.post("/api/plans", brief, content_type="application/json")
    assert expected.exit_code == 0, expected.stderr
    assert response.status_code == 200, response.content
    got = response.json()
    want = expected.json()
    assert set(got) == set(want)
    assert got["creators"] == want["creators"]
    assert got["total_cost_eur"] == pytest.approx(want["total_cost_eur"])
    assert got["goal"] == "engagement"


def test_plan_without_budget_is_422(owner: Client) -> None:
    body = _problem(
        owner.post("/api/plans", {"goal": "awareness"}, content_type="application/json"), 422
    )
    assert body["errors"][0]["field"] == "body.brief.budget_eur"


def test_plan_bad_brief_lists_fields(owner: Client) -> None:
    brief = {"goal": "fame", "budget_eur": -5}
    body = _problem(owner.post("/api/plans", brief, content_type="application/json"), 422)
    fields = {e["field"] for e in body["errors"]}
    assert {"body.brief.goal", "body.brief.budget_eur"} <= fields


def test_malformed_json_is_400(owner: Client) -> None:
    response = owner.post("/api/plans", "{not json", content_type="application/json")
    _problem(response, 400)


def test_405_is_a_problem(owner: Client) -> None:
    response = owner.delete("/api/creators")
    body = _problem(response, 405)
    assert "GET" in response["Allow"]
    assert "DELETE" in body["detail"]


def test_unknown_api_path_is_404_problem(owner: Client) -> None:
    _problem(owner.get("/api/no/such/thing"), 404)
    _problem(owner.get("/api/"), 404)


def test_nul_in_query_is_400(owner: Client) -> None:
    _problem(owner.get("/api/creators", {"q": "a\x00b"}), 400)
    _problem(owner.get("/api/creators?q=b%00c&q=a"), 400)  # any of a repeated parameter


def test_server_error_is_a_500_problem(
    owner: Client, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from resonanz.web.api import creators

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(creators, "filtered", boom)
    body = _problem(owner.get("/api/creators"), 500)
    assert "secret" not in json.dumps(body)
    assert "secret internals" in caplog.text


def test_tokens_create_list_delete(owner: Client, world: dict[str, Any]) -> None:
    from resonanz.web.team.models import ApiToken, hash_token

    response = owner.post("/api/tokens", {"name": "ci"}, content_type="application/json")
    assert response.status_code == 201
    created = response.json()
    raw = created["token"]
    assert raw.startswith("rz_")
    stored = ApiToken.objects.get(pk=created["token_id"])
    assert stored.digest == hash_token(raw) and raw not in stored.digest
    listed = owner.get("/api/tokens").json()
    assert created["token_id"] in [t["token_id"] for t in listed["items"]]
    assert all("token" not in t for t in listed["items"])
    assert _client(raw).get("/api/workspaces").status_code == 200
    assert owner.delete(f"/api/tokens/{created['token_id']}").status_code == 204
    _problem(_client(raw).get("/api/workspaces"), 401)
    _problem(owner.delete(f"/api/tokens/{created['token_id']}"), 404)


def test_session_auth_and_csrf(world: dict[str, Any]) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world["owner"])
    assert client.get("/api/creators?limit=1").status_code == 200
    body = _problem(client.post("/api/tokens", {"name": "x"}, content_type="application/json"), 403)
    assert body["type"] == "urn:resonanz:problem:csrf-failed"
    client.get("/api/docs")  # sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    response = client.post(
        "/api/tokens",
        {"name": "x"},
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 201


def test_openapi_and_offline_docs(db: None) -> None:
    client = Client()
    spec = client.get("/api/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    paths = spec["paths"]
    assert {"/api/creators", "/api/creators/{account_id}", "/api/plans", "/api/imports"} <= set(
        paths
    )
    params = {p["name"] for p in paths["/api/creators"]["get"]["parameters"]}
    assert {"X-Workspace", "workspace", "limit", "offset", "q", "niche"} <= params
    assert "403" in paths["/api/plans"]["post"]["responses"]
    docs = client.get("/api/docs").content.decode()
    assert "cdn" not in docs.lower()
    assert "/static/ninja/swagger-ui-bundle.js" in docs
    asset = client.get("/static/ninja/swagger-ui-bundle.js")
    assert asset.status_code == 200
    # consumed (which closes it); an explicit close() would close the database connection
    assert b"SwaggerUI" in b"".join(asset.streaming_content)  # type: ignore[attr-defined]


def test_list_query_count_is_constant(
    owner: Client, django_assert_max_num_queries: Callable[..., Any]
) -> None:
    # token lookup + last-used update, membership, count, page (creators joined)
    with django_assert_max_num_queries(6):
        body = owner.get("/api/creators?limit=200").json()
    assert len(body["items"]) > 20


def test_plans_are_kept_and_listed(owner: Client, world: dict[str, Any]) -> None:
    brief = {"goal": "awareness", "budget_eur": 2500, "niches": ["fitness"]}
    response = owner.post("/api/plans", brief, content_type="application/json")
    assert response.status_code == 200, response.content
    location = response["Location"]
    kept = owner.get(location).json()
    assert kept["plan"] == response.json()
    assert "budget_eur: 2500" in kept["brief"]
    listed = owner.get("/api/plans").json()
    assert listed["total"] == 1
    assert listed["items"][0]["plan_id"] == kept["plan_id"]
    assert listed["items"][0]["budget_eur"] == 2500
    _problem(owner.get(f"/api/plans/{kept['plan_id'] + 1000}"), 404)


def test_shortlists_crud(owner: Client, viewer: Client, world: dict[str, Any]) -> None:
    from resonanz.web.store.models import Account

    ids = list(
        Account.objects.filter(workspace=world["ws"])
        .order_by("external_id")
        .values_list("external_id", flat=True)[:3]
    )
    created = owner.post("/api/shortlists", {"name": "Sommer"}, content_type="application/json")
    assert created.status_code == 201
    sl = created.json()
    assert sl["account_ids"] == []
    again = owner.post("/api/shortlists", {"name": "Sommer"}, content_type="application/json")
    assert _problem(again, 409)["type"] == "urn:resonanz:problem:conflict"
    url = f"/api/shortlists/{sl['shortlist_id']}"
    added = owner.post(f"{url}/accounts", {"account_ids": ids}, content_type="application/json")
    assert added.json()["account_ids"] == ids
    bad = owner.post(
        f"{url}/accounts", {"account_ids": ["nope-1"]}, content_type="application/json"
    )
    assert "nope-1" in _problem(bad, 422)["detail"]
    assert viewer.get(url).json()["account_ids"] == ids
    _problem(viewer.delete(url), 403)
    assert owner.delete(f"{url}/accounts/{ids[0]}").status_code == 204
    _problem(owner.delete(f"{url}/accounts/{ids[0]}"), 404)
    listed = owner.get("/api/shortlists").json()
    assert listed["items"] == [{**sl, "account_ids": ids[1:]}]
    assert owner.delete(url).status_code == 204
    _problem(owner.get(url), 404)


def test_workspace_chosen_by_header_or_query(owner: Client, world: dict[str, Any]) -> None:
    from resonanz.web.store.models import Workspace
    from resonanz.web.team.models import Membership

    other = Workspace.objects.create(name="beta")
    Membership.objects.create(user=world["owner"], workspace=other, role="viewer")
    listed = owner.get("/api/workspaces").json()
    assert [(w["name"], w["role"]) for w in listed["items"]] == [
        ("alpha", "owner"),
        ("beta", "viewer"),
    ]
    assert owner.get("/api/creators").json()["total"] > 0  # first by name: alpha
    assert owner.get("/api/creators", headers={"X-Workspace": "beta"}).json()["total"] == 0
    assert owner.get("/api/creators?workspace=beta").json()["total"] == 0
    body = owner.get("/api/workspaces", headers={"X-Workspace": "beta"}).json()
    assert [w["name"] for w in body["items"] if w["current"]] == ["beta"]
    # the role is the one in the chosen workspace
    denied = owner.post(
        "/api/vet", content_type="application/json", headers={"X-Workspace": "beta"}
    )
    _problem(denied, 403)


def test_problem_detail_in_english(db: None) -> None:
    body = _problem(Client().get("/api/creators", headers={"Accept-Language": "en"}), 401)
    assert body["detail"].startswith("Authentication required")
    body = _problem(Client().get("/api/creators"), 401)
    assert body["detail"].startswith("Anmeldung nötig")


def test_detail_query_count_is_constant(
    owner: Client, world: dict[str, Any], django_assert_max_num_queries: Callable[..., Any]
) -> None:
    from resonanz.web.store.models import Account

    account = Account.objects.filter(workspace=world["ws"]).first()
    assert account is not None
    # token lookup + last-used update, membership, the vetting with its account
    with django_assert_max_num_queries(4):
        assert owner.get(f"/api/creators/{account.external_id}").status_code == 200


def test_filtered_total_is_capped(
    owner: Client, world: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from resonanz.web.api import creators

    monkeypatch.setattr(creators, "COUNT_CAP", 5)
    body = owner.get("/api/creators?min_score=0&limit=3").json()
    assert (body["total"], body["total_exact"], len(body["items"])) == (5, False, 3)
    plain = owner.get("/api/creators?limit=3").json()
    assert plain["total_exact"] is True and plain["total"] > 5
