"""Memberships with roles, invitations and per-user API tokens.

A user sees a workspace only through a :class:`Membership`; every web and API query is scoped
to the current workspace (:mod:`resonanz.web.team.scoping`).
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

from resonanz.web.store.models import Workspace


class Role(models.TextChoices):
    """What a member may do: owners manage members, members change data, viewers read."""

    OWNER = "owner", "Owner"
    MEMBER = "member", "Member"
    VIEWER = "viewer", "Viewer"


ROLE_RANK = {Role.VIEWER: 0, Role.MEMBER: 1, Role.OWNER: 2}


class Membership(models.Model):
    """A user's role in one workspace."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=8, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "memberships"
        constraints = [
            models.UniqueConstraint(fields=["user", "workspace"], name="membership_unique")
        ]

    def allows(self, role: str) -> bool:
        """True when this membership's role is at least ``role``."""
        return ROLE_RANK[Role(self.role)] >= ROLE_RANK[Role(role)]


def _token() -> str:
    return secrets.token_urlsafe(32)


class Invitation(models.Model):
    """An invitation by link to join a workspace with a role; used once."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(max_length=8, choices=Role.choices, default=Role.MEMBER)
    token = models.CharField(max_length=64, unique=True, default=_token)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True)

    class Meta:
        db_table = "invitations"


def hash_token(raw: str) -> str:
    """API tokens are stored as SHA-256 digests only: a database leak reveals no usable token."""
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A per-user API token (``Authorization: Bearer rz_…``); shown once, stored hashed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True)

    class Meta:
        db_table = "api_tokens"

    @classmethod
    def issue(cls, user: object, name: str) -> tuple[ApiToken, str]:
        """Create a token; return it with the raw secret (the only time it is visible)."""
        raw = "rz_" + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, prefix=raw[:10], digest=hash_token(raw))
        return token, raw

    @classmethod
    def lookup(cls, raw: str) -> ApiToken | None:
        """The token for a raw secret, or None; records its use."""
        token = cls.objects.select_related("user").filter(digest=hash_token(raw)).first()
        if token is not None and token.user.is_active:
            cls.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
            return token
        return None
