"""Workspace isolation over EVERY URL pattern of the project: pages and API routes.

Users A and B each own a workspace with data (a small demo world, imported and vetted; B's
handles, names and file names carry the marker ``zzbsecret``). The routes are enumerated from
Django's resolver, includes followed, so a new route is covered without touching this file:

- a route with an id in its path is called by A with B's object: 404 (GET; if GET is not allowed,
  the first other method that is), B's rows unchanged, and — as a control — A's own object is no
  404 for a route that answers GET;
- a route without ids is called by A (GET, and POST with B's ids in the form) and never shows
  B's marker, never moves A into B's workspace, never changes B's rows;
- an API route with ``X-Workspace: iso-b`` or ``?workspace=iso-b`` is 404 for A;
- without login every route is 401, a redirect to the login page or a public page, never data.

A path parameter whose name is not in :data:`KWARGS` FAILS the test: map it to its model there.
Runs on SQLite and PostgreSQL (``RESONANZ_TEST_DB=postgres``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter
from django.urls.resolvers import RoutePattern
from django.utils import timezone

MARKER = "zzbsecret"
METHODS = ("get", "post", "delete", "put", "patch")
# Routes anyone may open without login (they show no workspace data).
PUBLIC = {
    "login",
    "signup",
    "home",
    "set_language",
    "plotly_js",
    "api:health",
    "api:openapi-json",
    "api:openapi-view",
    "api:api-root",
    "api:unknown-path",
    "invitation_accept",
}


# --------------------------------------------------------------------------- route enumeration


@dataclass(frozen=True)
class Route:
    """One URL pattern, prefixes of its includes joined."""

    name: str
    parts: tuple[tuple[str, Any], ...]  # ("route", RoutePattern) or ("regex", RegexPattern)

    @property
    def kwargs(self) -> dict[str, Any]:
        """Path parameter name -> converter (None for a regex group)."""
        out: dict[str, Any] = {}
        for kind, pattern in self.parts:
            if kind == "route":
                out.update(pattern.converters)
            else:
                out.update(dict.fromkeys(pattern.regex.groupindex))
        return out

    @property
    def is_api(self) -> bool:
        return self.name.startswith("api:")

    def __str__(self) -> str:
        return "".join(str(p) for _, p in self.parts)


def _walk(patterns: list[Any], parts: tuple[Any, ...], ns: tuple[str, ...]) -> Iterator[Route]:
    for p in patterns:
        kind = "route" if isinstance(p.pattern, RoutePattern) else "regex"
        here = (*parts, (kind, p.pattern))
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, here, (*ns, p.namespace) if p.namespace else ns)
        elif isinstance(p, URLPattern):
            yield Route(":".join((*ns, p.name or str(p.pattern))), here)


def all_routes() -> list[Route]:
    """Every URL pattern of the project (ROOT_URLCONF), includes followed."""
    return list(_walk(get_resolver().url_patterns, (), ()))


ROUTES = all_routes()
WITH_IDS = [r for r in ROUTES if r.kwargs]
WITHOUT_IDS = [r for r in ROUTES if not r.kwargs]
API = [r for r in ROUTES if r.is_api and r.name not in PUBLIC]


# --------------------------------------------------------------------------------- the data


@dataclass
class Side:
    """One user's workspace and objects."""

    user: Any
    ws: Any
    token: str
    objects: dict[str, Any] = field(default_factory=dict)


@dataclass
class Iso:
    a: Side
    b: Side


def _shortlist_model() -> Any:
    """The pages' Shortlist model (None while the pages do not define it)."""
    try:
        from resonanz.web.app.models import Shortlist
    except ImportError:
        return None
    return Shortlist


def _build(tmp: Path) -> Iso:
    from resonanz.io.generator import write_world
    from resonanz.web.store.importer import import_paths
    from resonanz.web.store.models import Account, Creator, ImportRun, Workspace
    from resonanz.web.store.services import vet_workspace
    from resonanz.web.team.models import ApiToken, Invitation, Membership

    sides = {}
    for key, seed in (("a", 21), ("b", 22)):
        data = tmp / key
        write_world(data, 6, seed=seed, fmt="csv")
        (data / "ground_truth.csv").unlink()
        import_paths([data], f"iso-{key}", tmp / f"{key}-errors.csv")
        ws = Workspace.objects.get(name=f"iso-{key}")
        if key == "b":
            # B's ids differ from A's (the demo worlds share id patterns): a 200 for B's id
            # could otherwise be A's own object of the same id.
            for i, account in enumerate(Account.objects.filter(workspace=ws).order_by("pk")):
                account.handle, account.display_name = f"{MARKER}_{i}", f"Zz{MARKER} {i}"
                account.external_id = f"bb-acc-{i}"
                account.save(update_fields=["handle", "display_name", "external_id"])
            for i, creator in enumerate(Creator.objects.filter(workspace=ws).order_by("pk")):
                creator.name, creator.external_id = f"Zz{MARKER} {i}", f"bb-cr-{i}"
                creator.save(update_fields=["name", "external_id"])
            ImportRun.objects.filter(workspace=ws).update(file=f"{MARKER}.csv")
        vet_workspace(ws)
        user = get_user_model().objects.create_user(f"iso-user-{key}", password="pw-iso-12345")
        member = Membership.objects.create(user=user, workspace=ws, role="owner")
        token_row, raw = ApiToken.issue(user, "iso")
        invitation = Invitation.objects.create(workspace=ws, email=f"{key}@example.org")
        Shortlist = _shortlist_model()
        list_name = f"{MARKER}-list" if key == "b" else "list-a"
        shortlist = Shortlist.objects.create(workspace=ws, name=list_name) if Shortlist else None
        used = Invitation.objects.create(
            workspace=ws, email=f"used-{key}@example.org", accepted_at=timezone.now()
        )
        accounts = list(Account.objects.filter(workspace=ws).order_by("pk"))
        if shortlist is not None:
            shortlist.entries.create(account=accounts[0])
        plan = _plan_via_api(raw)
        sides[key] = Side(
            user,
            ws,
            raw,
            {
                "account": accounts[0],
                "creator": Creator.objects.filter(workspace=ws).order_by("pk").first(),
                "import": ImportRun.objects.filter(workspace=ws).order_by("pk").first(),
                "shortlist": shortlist,
                "token": token_row,
                "invitation": invitation,
                "used_invitation": used,
                "membership": member,
                "plan": plan,
            },
        )
    return Iso(sides["a"], sides["b"])


def _plan_via_api(token: str) -> Any:
    """A kept plan of the token's workspace, made through POST /api/plans."""
    from resonanz.web.app.models import CampaignPlan

    client = Client(headers={"Authorization": f"Bearer {token}"})
    response = client.post("/api/plans", {"budget_eur": 2000}, content_type="application/json")
    assert response.status_code == 200, response.content
    return CampaignPlan.objects.get(pk=int(response["Location"].rsplit("/", 1)[1]))


@pytest.fixture(scope="module")
def iso(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Iso]:
    """Both workspaces, built once for this module and removed after it."""
    from resonanz.web.store.models import Workspace

    tmp = tmp_path_factory.mktemp("iso")
    (tmp / "static").mkdir()
    with django_db_blocker.unblock(), override_settings(STATIC_ROOT=tmp / "static"):
        data = _build(tmp)
    yield data
    with django_db_blocker.unblock():
        Workspace.objects.filter(name__in=["iso-a", "iso-b"]).delete()
        get_user_model().objects.filter(username__startswith="iso-user-").delete()


@pytest.fixture(autouse=True)
def _static_root(settings: Any, tmp_path: Path) -> None:
    # whitenoise warns (an error under filterwarnings=error) when STATIC_ROOT does not exist
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_ROOT.mkdir()


# ----------------------------------------------------------------------- filling path params


def _external_or_pk(obj: Any, converter: Any) -> str:
    if isinstance(converter, IntConverter):
        return str(obj.pk)
    return str(getattr(obj, "external_id", obj.pk))


# Path parameter name -> how to fill it from one side's objects (converter-aware: pages use the
# store's primary keys, the API the user's own ids as the CLI shows them).
KWARGS: dict[str, Callable[[Side, Any], str]] = {
    "account_id": lambda s, c: _external_or_pk(s.objects["account"], c),
    "creator_id": lambda s, c: _external_or_pk(s.objects["creator"], c),
    "import_id": lambda s, c: str(s.objects["import"].pk),
    "shortlist_id": lambda s, c: str(s.objects["shortlist"].pk),
    "token_id": lambda s, c: str(s.objects["token"].pk),
    "plan_id": lambda s, c: str(s.objects["plan"].pk),
    # An invitation link is a capability (whoever holds a valid one may join): the isolation
    # case is a link that is no longer valid.
    "token": lambda s, c: s.objects["used_invitation"].token,
}


def _fill(route: Route, side: Side) -> str:
    unknown = sorted(set(route.kwargs) - set(KWARGS))
    if unknown:
        pytest.fail(
            f"route {route.name} ({route}) has path parameter(s) {unknown} that the isolation "
            "test does not know: add them to KWARGS in tests/web/test_isolation.py"
        )
    url = ""
    for kind, pattern in route.parts:
        if kind == "regex":
            if pattern.regex.groupindex:
                pytest.fail(f"route {route.name}: regex groups are not mapped; use path()")
            text = str(pattern).lstrip("^").rstrip("$")
            url += "zz-no-such-path/" if text == ".*" else text
            continue
        text = str(pattern)

        def repl(m: re.Match[str], converters: dict[str, Any] = pattern.converters) -> str:
            name = m.group(2)
            return KWARGS[name](side, converters[name])

        url += re.sub(r"<(?:(\w+):)?(\w+)>", repl, text)
    return "/" + url


def _openapi() -> dict[str, Any]:
    from resonanz.web.api.main import api

    return api.get_openapi_schema(path_prefix="/api/")  # type: ignore[no-any-return]


def _example(schema: dict[str, Any], spec: dict[str, Any]) -> Any:
    """The smallest value valid for a JSON schema (required members only)."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        return _example(spec["components"]["schemas"][name], spec)
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            return _example(schema[key][0], spec)
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        props = schema.get("properties", {})
        return {k: _example(props[k], spec) for k in schema.get("required", [])}
    if kind == "array":
        return [_example(schema.get("items", {}), spec)] * max(1, schema.get("minItems", 1))
    if "enum" in schema:
        return schema["enum"][0]
    return {"integer": 1, "number": 1, "boolean": True, "null": None}.get(kind or "", "probe")


def _json_body(route: Route, method: str) -> Any:
    """A valid JSON body for an API operation (so the answer is about the object, not the body)."""
    spec = _openapi()
    template = "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", str(route))
    operation = spec["paths"].get(template, {}).get(method, {})
    content = operation.get("requestBody", {}).get("content", {})
    schema = content.get("application/json", {}).get("schema")
    return None if schema is None else _example(schema, spec)


def _call(
    client: Client,
    url: str,
    data: dict[str, Any] | None = None,
    route: Route | None = None,
    **kw: Any,
) -> Any:
    """The first method the route allows (GET first), and its response.

    API routes get a valid JSON body; pages get ``data`` as a form.
    """
    response = None
    for method in METHODS:
        if method == "get":
            response = client.get(url, **kw)
        elif route is not None and route.is_api:
            body = _json_body(route, method)
            if body is None:
                response = getattr(client, method)(url, **kw)
            else:
                response = getattr(client, method)(url, body, content_type="application/json", **kw)
        else:
            response = getattr(client, method)(url, data or {}, **kw)
        if response.status_code != 405:
            return method, response
    return "none", response


def _body(response: Any) -> str:
    if getattr(response, "streaming", False):
        # consuming it closes it, with the test client's guard against closing the database
        # connection (an explicit close() would end the test's transaction on PostgreSQL)
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    return content.decode("utf-8", "replace").lower()


def _snapshot(side: Side) -> dict[str, int]:
    """Row counts of one workspace's tables (what a leaking write would change)."""
    from resonanz.web.app.models import CampaignPlan
    from resonanz.web.store.models import Account, ImportRun, VettingResult
    from resonanz.web.team.models import ApiToken, Invitation, Membership

    Shortlist = _shortlist_model()
    ws = side.ws
    lists = list(Shortlist.objects.filter(workspace=ws)) if Shortlist else []
    return {
        "accounts": Account.objects.filter(workspace=ws).count(),
        "vetted": VettingResult.objects.filter(workspace=ws).count(),
        "imports": ImportRun.objects.filter(workspace=ws).count(),
        "members": Membership.objects.filter(workspace=ws).count(),
        "invitations": Invitation.objects.filter(workspace=ws, accepted_at__isnull=True).count(),
        "shortlists": len(lists),
        "entries": sum(s.entries.count() for s in lists),
        "tokens": ApiToken.objects.filter(user=side.user).count(),
        "plans": CampaignPlan.objects.filter(workspace=ws).count(),
        "handles": Account.objects.filter(workspace=ws, handle__startswith=MARKER).count(),
    }


def _client(iso: Iso, route: Route) -> Client:
    """A's client: the API token for API routes, a browser session for pages."""
    if route.is_api:
        return Client(headers={"Authorization": f"Bearer {iso.a.token}"})
    client = Client()
    client.force_login(iso.a.user)
    return client


def _assert_a_stays_in_a(client: Client, iso: Iso, route: Route) -> None:
    """After a request, A's next answers are still about A's workspace only."""
    response = client.get("/api/workspaces")
    if response.status_code == 401:  # the session ended (logout)
        return
    names = [w["name"] for w in response.json()["items"]]
    assert "iso-a" in names and "iso-b" not in names
    response = client.get("/api/creators?limit=200")
    assert response.status_code in (200, 404)  # 404: a new, empty workspace has no vetting yet
    assert MARKER not in _body(response)


def _b_form(iso: Iso) -> dict[str, Any]:
    """A form naming B's objects under every field name the pages read ids from."""
    b = iso.b.objects
    return {
        "workspace": iso.b.ws.pk,
        "member": b["membership"].pk,
        "invitation": b["invitation"].pk,
        "a": [b["account"].pk],
        "account": b["account"].pk,
        "shortlist": b["shortlist"].pk if b["shortlist"] else "",
        "name": "probe",
    }


# ------------------------------------------------------------------------------------ tests


def test_routes_are_enumerated() -> None:
    names = {r.name for r in ROUTES}
    assert {"api:list_creators", "api:get_creator", "api:creator_fee", "api:get_import"} <= names
    assert len(WITH_IDS) >= 5
    for route in WITH_IDS:
        unknown = set(route.kwargs) - set(KWARGS)
        assert not unknown, f"{route.name}: add {sorted(unknown)} to KWARGS"


@pytest.mark.parametrize("route", WITH_IDS, ids=str)
def test_object_of_other_workspace_is_404(route: Route, iso: Iso, db: None) -> None:
    client = _client(iso, route)
    before = _snapshot(iso.b)
    method, response = _call(client, _fill(route, iso.b), _b_form(iso), route)
    assert response.status_code == 404, f"{method.upper()} {_fill(route, iso.b)}"
    assert MARKER not in _body(response)
    assert _snapshot(iso.b) == before
    _assert_a_stays_in_a(client, iso, route)
    if method == "get" and route.name not in PUBLIC:  # control: A's own object is found
        own = client.get(_fill(route, iso.a))
        assert own.status_code != 404, f"A's own object: GET {_fill(route, iso.a)}"
        assert own.status_code < 500


@pytest.mark.parametrize("route", WITHOUT_IDS, ids=str)
def test_route_without_ids_shows_only_own_workspace(route: Route, iso: Iso, db: None) -> None:
    client = _client(iso, route)
    before = _snapshot(iso.b)
    url = _fill(route, iso.a)
    response = client.get(url)
    assert response.status_code < 500, f"GET {url}"
    assert MARKER not in _body(response)
    _assert_a_stays_in_a(client, iso, route)
    if route.is_api:
        return  # API writes are checked with B's workspace named (below)
    response = client.post(url, _b_form(iso))
    assert response.status_code < 500, f"POST {url}"
    assert MARKER not in _body(response)
    assert _snapshot(iso.b) == before
    _assert_a_stays_in_a(client, iso, route)


@pytest.mark.parametrize("route", API, ids=str)
def test_api_with_other_workspace_named_is_404(route: Route, iso: Iso, db: None) -> None:
    if route.name.startswith("api:") and "token" in route.name:
        pytest.skip("tokens belong to the user, not to a workspace")
    client = _client(iso, route)
    url = _fill(route, iso.a)
    before = _snapshot(iso.b)
    for kw in ({"headers": {"X-Workspace": "iso-b"}}, {"QUERY_STRING": "workspace=iso-b"}):
        method, response = _call(client, url, None, route, **kw)
        assert response.status_code == 404, f"{method.upper()} {url} {kw}"
        assert MARKER not in _body(response)
    assert _snapshot(iso.b) == before


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_without_login_never_data(route: Route, iso: Iso, db: None) -> None:
    client = Client()
    url = _fill(route, iso.b)
    before = _snapshot(iso.b)
    method, response = _call(client, url, _b_form(iso), route)
    status = response.status_code
    assert MARKER not in _body(response)
    assert _snapshot(iso.b) == before
    if route.name in PUBLIC:
        assert status < 500
        return
    if route.is_api:
        assert status == 401, f"{method.upper()} {url}"
        return
    assert status in (302, 303, 404), f"{method.upper()} {url}: {status}"
    if status != 404:
        assert response["Location"].startswith("/login/"), response["Location"]
