"""The current workspace of a request, and the rule that every query is scoped to it.

Views never look objects up by id alone: they call :func:`scoped` (or filter by
``workspace=current_workspace(request)``), so an id from another workspace is a 404, never a leak.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest

from resonanz.web.store.models import Workspace
from resonanz.web.team.models import Membership

SESSION_KEY = "workspace_id"
M = TypeVar("M", bound=Model)


def memberships(user: Any) -> QuerySet[Membership]:
    """The user's memberships, workspace joined, by workspace name."""
    if not getattr(user, "is_authenticated", False):
        return Membership.objects.none()
    return (
        Membership.objects.filter(user=user).select_related("workspace").order_by("workspace__name")
    )


def current_membership(request: HttpRequest) -> Membership:
    """The membership for the request's workspace (session choice, else the first one).

    Raises 404 when the user belongs to no workspace or the chosen one is not theirs.
    """
    cached = getattr(request, "_resonanz_membership", None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    mine = memberships(request.user)
    chosen = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
    membership = (mine.filter(workspace_id=chosen).first() if chosen else None) or mine.first()
    if membership is None:
        raise Http404("no workspace")
    request._resonanz_membership = membership  # type: ignore[attr-defined]
    return membership


def current_workspace(request: HttpRequest) -> Workspace:
    """The workspace every query of this request is scoped to."""
    return current_membership(request).workspace


def scoped(request: HttpRequest, model: type[M]) -> QuerySet[M]:
    """``model``'s rows in the current workspace only."""
    return model.objects.filter(workspace=current_workspace(request))  # type: ignore[attr-defined,no-any-return]


def require_role(request: HttpRequest, role: str) -> Membership:
    """The current membership if it has at least ``role``; otherwise 404 (no existence leak)."""
    membership = current_membership(request)
    if not membership.allows(role):
        raise Http404("insufficient role")
    return membership


def workspace_context(request: HttpRequest) -> dict[str, Any]:
    """Template context: the user's workspaces and the current one (for the switcher)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    mine = list(memberships(user))
    try:
        current = current_membership(request)
    except Http404:
        current = None
    return {"memberships": mine, "current_membership": current}
