"""What every page of a workspace needs: a signed-in user with a current workspace."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from resonanz.web.team.scoping import memberships

View = Callable[..., HttpResponse]


def workspace_required(view: View) -> View:
    """Sign-in required; a user without any workspace is sent to create one first."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not memberships(request.user).exists():
            return redirect("workspace_new")
        return view(request, *args, **kwargs)

    return wrapped


def posted_ids(request: HttpRequest, name: str) -> list[int]:
    """Whole numbers posted (or passed in the query) under ``name``; others are ignored."""
    values = request.POST.getlist(name) if request.method == "POST" else request.GET.getlist(name)
    out: list[int] = []
    for value in values:
        try:
            out.append(int(value))
        except ValueError:
            continue
    return out
