"""``GET /api/workspaces``: the workspaces the caller is a member of, with the role."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from resonanz.web.api.problems import ERROR_RESPONSES
from resonanz.web.team.models import Membership
from resonanz.web.team.scoping import current_membership, memberships

router = Router()


class WorkspaceOut(Schema):
    """A workspace as its member sees it."""

    name: str
    role: str
    current: bool


class WorkspaceList(Schema):
    """The caller's workspaces, by name."""

    items: list[WorkspaceOut]
    total: int


@router.get("", response={200: WorkspaceList, **ERROR_RESPONSES})
def list_workspaces(request: HttpRequest) -> dict[str, object]:
    """The caller's workspaces; ``current`` marks the one requests go to without X-Workspace."""
    mine: list[Membership] = list(memberships(request.user))
    chosen = getattr(request, "_resonanz_membership", None)
    if chosen is None and mine:
        chosen = current_membership(request)
    items = [
        {
            "name": m.workspace.name,
            "role": m.role,
            "current": chosen is not None and m.pk == chosen.pk,
        }
        for m in mine
    ]
    return {"items": items, "total": len(items)}
