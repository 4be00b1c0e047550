"""Shortlists: named lists of accounts a team is considering (the pages' shortlists).

Reading needs the viewer role, changing the member role. Accounts are named by the user's own
``account_id`` (as everywhere in the API).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from resonanz.web.api.auth import membership, require
from resonanz.web.api.creators import MAX_LIMIT, MAX_OFFSET
from resonanz.web.api.problems import (
    ERROR_RESPONSES,
    WRITE_ERROR_RESPONSES,
    ApiProblem,
    NotFound,
    Problem,
)
from resonanz.web.app.models import Shortlist, ShortlistEntry
from resonanz.web.store.models import Account

router = Router()

NAME = r"^[^\x00]*\S[^\x00]*$"  # not blank, no NUL


class ShortlistIn(Schema):
    """A new shortlist's name (unique in the workspace)."""

    name: str = Field(..., min_length=1, max_length=100, pattern=NAME)


class AccountsIn(Schema):
    """Accounts to add, by their ``account_id``."""

    account_ids: list[str] = Field(..., min_length=1, max_length=500)


class ShortlistOut(Schema):
    """A shortlist with the accounts on it."""

    shortlist_id: int
    name: str
    created_at: datetime
    account_ids: list[str]


class ShortlistPage(Schema):
    """The workspace's shortlists, by name."""

    items: list[ShortlistOut]
    total: int
    limit: int
    offset: int


def _out(sl: Shortlist) -> dict[str, Any]:
    ids = ShortlistEntry.objects.filter(shortlist=sl).order_by("added_at", "pk")
    return {
        "shortlist_id": sl.pk,
        "name": sl.name,
        "created_at": sl.created_at,
        "account_ids": list(ids.values_list("account__external_id", flat=True)),
    }


def _get(request: HttpRequest, shortlist_id: int) -> Shortlist:
    found = Shortlist.objects.filter(workspace=membership(request).workspace, pk=shortlist_id)
    sl = found.first()
    if sl is None:
        raise NotFound()
    return sl


@router.get("", response={200: ShortlistPage, **ERROR_RESPONSES})
def list_shortlists(
    request: HttpRequest,
    limit: int = Query(50, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
) -> dict[str, Any]:
    """The workspace's shortlists with their accounts."""
    qs = Shortlist.objects.filter(workspace=membership(request).workspace).order_by("name", "pk")
    page = list(qs[offset : offset + limit])
    entries: dict[int, list[str]] = {sl.pk: [] for sl in page}
    rows = ShortlistEntry.objects.filter(shortlist__in=page).order_by("added_at", "pk")
    for shortlist_id, account_id in rows.values_list("shortlist_id", "account__external_id"):
        entries[shortlist_id].append(account_id)
    items = [
        {
            "shortlist_id": s.pk,
            "name": s.name,
            "created_at": s.created_at,
            "account_ids": entries[s.pk],
        }
        for s in page
    ]
    return {"items": items, "total": qs.count(), "limit": limit, "offset": offset}


@router.post("", response={201: ShortlistOut, 409: Problem, **WRITE_ERROR_RESPONSES})
def create_shortlist(request: HttpRequest, payload: ShortlistIn) -> Status[dict[str, Any]]:
    """A new, empty shortlist; 409 when the name is taken."""
    workspace = require(request, "member").workspace
    try:
        with transaction.atomic():
            sl = Shortlist.objects.create(
                workspace=workspace, name=payload.name.strip(), created_by=request.user
            )
    except IntegrityError:
        raise ApiProblem(
            409, f"shortlist '{payload.name.strip()}' exists", slug="conflict"
        ) from None
    return Status(201, _out(sl))


@router.get("/{shortlist_id}", response={200: ShortlistOut, **ERROR_RESPONSES})
def get_shortlist(request: HttpRequest, shortlist_id: int) -> dict[str, Any]:
    """One shortlist with its accounts."""
    return _out(_get(request, shortlist_id))


@router.delete("/{shortlist_id}", response={204: None, **WRITE_ERROR_RESPONSES})
def delete_shortlist(request: HttpRequest, shortlist_id: int) -> Status[None]:
    """Delete a shortlist (its accounts stay in the workspace)."""
    require(request, "member")
    _get(request, shortlist_id).delete()
    return Status(204, None)


@router.post("/{shortlist_id}/accounts", response={200: ShortlistOut, **WRITE_ERROR_RESPONSES})
def add_accounts(request: HttpRequest, shortlist_id: int, payload: AccountsIn) -> dict[str, Any]:
    """Add accounts (by ``account_id``); all must be in the workspace, else 422 naming them."""
    workspace = require(request, "member").workspace
    sl = _get(request, shortlist_id)
    wanted = list(dict.fromkeys(a.strip() for a in payload.account_ids))
    found = dict(
        Account.objects.filter(workspace=workspace, external_id__in=wanted).values_list(
            "external_id", "pk"
        )
    )
    missing = [a for a in wanted if a not in found]
    if missing:
        errors = [
            {
                "field": "body.payload.account_ids",
                "message": f"unknown account: {a}",
                "type": "value_error",
            }
            for a in missing
        ]
        raise ApiProblem(
            422,
            "unknown account_ids: " + ", ".join(missing[:10]),
            slug="validation-error",
            errors=errors,
        )
    for pk in found.values():
        ShortlistEntry.objects.get_or_create(shortlist=sl, account_id=pk)
    return _out(sl)


@router.delete(
    "/{shortlist_id}/accounts/{account_id}", response={204: None, **WRITE_ERROR_RESPONSES}
)
def remove_account(request: HttpRequest, shortlist_id: int, account_id: str) -> Status[None]:
    """Take one account off the shortlist; 404 when it is not on it."""
    require(request, "member")
    sl = _get(request, shortlist_id)
    deleted, _ = ShortlistEntry.objects.filter(
        shortlist=sl, account__external_id=account_id, account__workspace=sl.workspace
    ).delete()
    if not deleted:
        raise NotFound()
    return Status(204, None)
