"""The API object: authentication, problem details, the routers and the OpenAPI description."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, re_path
from ninja import NinjaAPI
from ninja.operation import Operation

from resonanz.web.api import problems
from resonanz.web.api.auth import AUTH, WORKSPACE_HEADER, WORKSPACE_QUERY

DESCRIPTION = """Find, vet, pay and plan micro-influencers: the contracts of the CLI's `--json`.

**Authentication**: `Authorization: Bearer rz_…` (a personal API token: `resonanz token create`
or `POST /api/tokens`), or the browser session of a logged-in user (unsafe methods then need the
`X-CSRFToken` header).

**Workspace**: header `X-Workspace: NAME` or query `?workspace=NAME`; without either, the session's
workspace or the user's first one. Objects of a workspace you are not a member of are 404.

**Errors** are RFC 9457 problem details (`application/problem+json`: type, title, status, detail,
instance; validation problems list the fields under `errors`).

**Pagination**: `limit` and `offset`; lists answer `{items, total, limit, offset}`.
"""


class ResonanzAPI(NinjaAPI):
    """NinjaAPI whose every answer, 405 and unknown paths included, is JSON or a problem."""

    def get_openapi_operation_id(self, operation: Operation) -> str:
        return operation.view_func.__name__

    def get_openapi_schema(self, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(**kwargs)
        _document_workspace(schema)
        _document_problems(schema)
        return schema

    def _get_urls(self) -> list[URLPattern | URLResolver]:
        urls = super()._get_urls()
        for url in urls:
            if isinstance(url, URLPattern):
                url.callback = _problems_for_http_errors(url.callback)
        # Last: any other path under /api/ is a 404 problem, not Django's HTML page.
        urls.append(re_path(r"^.*$", problems.unknown_path, name="unknown-path"))
        return urls


def _problems_for_http_errors(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """405 from ninja's path view, and NUL characters in the request, as problems."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        query = [x for key in request.GET for x in (key, *request.GET.getlist(key))]
        values = [*kwargs.values(), *query, request.headers.get(WORKSPACE_HEADER)]
        if any(isinstance(v, str) and "\x00" in v for v in values):
            # PostgreSQL cannot compare text with NUL: refuse such input before any query.
            return problems.problem(
                request, 400, problems.text("bad_request", reason="NUL character")
            )
        try:
            response = view(request, *args, **kwargs)
        except Http404:  # ninja's API root view raises it outside the exception handlers
            return problems.problem(request, 404, problems.text("no_route"))
        if response.status_code == 405 and not response.get("Content-Type", "").startswith(
            problems.CONTENT_TYPE
        ):
            allowed = [m.strip() for m in response.get("Allow", "").split(",") if m.strip()]
            return problems.method_not_allowed(request, allowed)
        return response

    wrapper.csrf_exempt = True  # type: ignore[attr-defined]
    return wrapper


_WORKSPACE_PARAMS = [
    {
        "name": WORKSPACE_HEADER,
        "in": "header",
        "required": False,
        "description": "Workspace name (default: the session's or your first workspace).",
        "schema": {"type": "string", "maxLength": 100},
    },
    {
        "name": WORKSPACE_QUERY,
        "in": "query",
        "required": False,
        "description": "Workspace name, instead of the X-Workspace header.",
        "schema": {"type": "string", "maxLength": 100},
    },
]


def _document_workspace(schema: dict[str, Any]) -> None:
    """Every workspace-scoped operation documents the workspace header and query parameter."""
    for path, item in schema.get("paths", {}).items():
        if path.rstrip("/").endswith(("/tokens", "/health")) or "/tokens/" in path:
            continue
        for operation in item.values():
            if not isinstance(operation, dict) or "security" not in operation:
                continue
            params = operation.setdefault("parameters", [])
            names = {p.get("name") for p in params}
            params.extend(p for p in _WORKSPACE_PARAMS if p["name"] not in names)


def _document_problems(schema: dict[str, Any]) -> None:
    """Error answers are ``application/problem+json``; any other status is a problem too."""
    problem_ref = {"$ref": "#/components/schemas/Problem"}
    for item in schema.get("paths", {}).values():
        for operation in item.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            for code, response in operation["responses"].items():
                content = response.get("content", {})
                if str(code).isdigit() and int(code) >= 400 and "application/json" in content:
                    content[problems.CONTENT_TYPE] = content.pop("application/json")
            operation["responses"].setdefault(
                "default",
                {
                    "description": "Any other error, as an RFC 9457 problem detail",
                    "content": {problems.CONTENT_TYPE: {"schema": problem_ref}},
                },
            )


api = ResonanzAPI(
    title="resonanz API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=AUTH,
)
problems.install(api)


@api.get("/health", auth=None, tags=["meta"])
def health(request: HttpRequest) -> dict[str, str]:
    """Liveness check (no authentication)."""
    return {"status": "ok"}


def _register() -> None:
    from resonanz.web.api import creators, imports, planning, shortlists, tokens, workspaces

    api.add_router("/workspaces", workspaces.router, tags=["workspaces"])
    api.add_router("/creators", creators.router, tags=["creators"])
    api.add_router("/imports", imports.router, tags=["imports"])
    api.add_router("/", planning.router, tags=["vetting and planning"])
    api.add_router("/shortlists", shortlists.router, tags=["shortlists"])
    api.add_router("/tokens", tokens.router, tags=["tokens"])


_register()
