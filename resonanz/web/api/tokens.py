"""The caller's own API tokens: create (the secret is shown once), list, delete."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from resonanz.web.api.problems import ERROR_RESPONSES, NotFound
from resonanz.web.team.models import ApiToken

router = Router()


class TokenIn(Schema):
    """A name that says where the token is used (e.g. "CI", "Looker")."""

    name: str = Field(..., min_length=1, max_length=100, pattern=r"^[^\x00]*$")


class TokenOut(Schema):
    """A token as listed: never its secret, only the first characters."""

    token_id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None


class TokenCreated(TokenOut):
    """A new token with its secret: shown this one time only."""

    token: str


class TokenList(Schema):
    """The caller's tokens, newest first."""

    items: list[TokenOut]
    total: int


def _out(token: ApiToken) -> dict[str, Any]:
    return {
        "token_id": token.pk,
        "name": token.name,
        "prefix": token.prefix,
        "created_at": token.created_at,
        "last_used_at": token.last_used_at,
    }


@router.get("", response={200: TokenList, **ERROR_RESPONSES})
def list_tokens(request: HttpRequest) -> dict[str, Any]:
    """The caller's API tokens."""
    items = [_out(t) for t in ApiToken.objects.filter(user=request.user).order_by("-pk")]
    return {"items": items, "total": len(items)}


@router.post("", response={201: TokenCreated, **ERROR_RESPONSES})
def create_token(request: HttpRequest, payload: TokenIn) -> Status[dict[str, Any]]:
    """A new API token for the caller; the answer holds the secret, which is not stored."""
    token, raw = ApiToken.issue(request.user, payload.name.strip() or "token")
    return Status(201, {**_out(token), "token": raw})


@router.delete("/{token_id}", response={204: None, **ERROR_RESPONSES})
def delete_token(request: HttpRequest, token_id: int) -> Status[None]:
    """Revoke one of the caller's tokens."""
    deleted, _ = ApiToken.objects.filter(user=request.user, pk=token_id).delete()
    if not deleted:
        raise NotFound()
    return Status(204, None)
