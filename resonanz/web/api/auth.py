"""Who calls the API, and in which workspace.

Two ways in: a per-user API token (``Authorization: Bearer rz_…``, stored as a SHA-256 digest,
see :class:`~resonanz.web.team.models.ApiToken`) and the browser's Django session (for the
interactive docs; unsafe methods then need the CSRF token). The workspace comes from the header
``X-Workspace: NAME`` or the query ``?workspace=NAME``, else the session's choice or the user's
first membership. A workspace the user is not a member of is a 404, like any other object of it.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja.security import HttpBearer, SessionAuth

from resonanz.web.api.problems import ApiProblem, NotFound, text
from resonanz.web.team.models import ApiToken, Membership
from resonanz.web.team.scoping import current_membership, memberships

WORKSPACE_HEADER = "X-Workspace"
WORKSPACE_QUERY = "workspace"


class TokenAuth(HttpBearer):
    """``Authorization: Bearer rz_…``: a user's API token."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        if not token.startswith("rz_") or len(token) > 200:
            return None
        found = ApiToken.lookup(token)
        if found is None:
            return None
        # The token's user is the request's user: scoping and role checks read request.user.
        request.user = found.user
        request.api_token = found  # type: ignore[attr-defined]
        _check_named_workspace(request)
        return found.user


class BrowserSession(SessionAuth):
    """The logged-in browser session (CSRF checked on unsafe methods)."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is not None:
            _check_named_workspace(request)
        return user


def _check_named_workspace(request: HttpRequest) -> None:
    """A workspace named in the request must be the caller's: 404 before anything else runs.

    (Checked during authentication, so a foreign workspace is a 404 even for a request whose
    body would not validate.)
    """
    if request.headers.get(WORKSPACE_HEADER) or request.GET.get(WORKSPACE_QUERY):
        membership(request)


AUTH = [TokenAuth(), BrowserSession()]


def membership(request: HttpRequest) -> Membership:
    """The caller's membership in the workspace this request is about.

    Sets it as the request's current membership, so :func:`~resonanz.web.team.scoping.scoped`
    scopes to it as well.
    """
    cached = getattr(request, "_resonanz_api_membership", None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    name = request.headers.get(WORKSPACE_HEADER) or request.GET.get(WORKSPACE_QUERY)
    if name:
        found = memberships(request.user).filter(workspace__name=name).first()
        if found is None:
            raise NotFound(slug="unknown-workspace")
        request._resonanz_membership = found  # type: ignore[attr-defined]
    else:
        try:
            found = current_membership(request)
        except Http404 as exc:  # the user belongs to no workspace
            raise NotFound(slug="unknown-workspace") from exc
    request._resonanz_api_membership = found  # type: ignore[attr-defined]
    return found


def require(request: HttpRequest, role: str) -> Membership:
    """The membership if its role is at least ``role``; otherwise 403."""
    found = membership(request)
    if not found.allows(role):
        detail = f"{text('forbidden')} ({found.role} < {role})"
        raise ApiProblem(403, detail, slug="insufficient-role")
    return found
