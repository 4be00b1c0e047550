"""The user's API tokens: create (the secret is shown once), list, revoke."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from resonanz.web.app.views.common import posted_ids
from resonanz.web.team.models import ApiToken


class TokenForm(forms.Form):
    """A new token's name (what it is for)."""

    name = forms.CharField(label=gettext_lazy("Name (what the token is for)"), max_length=100)


@login_required
def token_index(request: HttpRequest) -> HttpResponse:
    """The signed-in user's tokens; a new token's secret appears on this page once."""
    form = TokenForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        _token, secret = ApiToken.issue(request.user, form.cleaned_data["name"])
        form = TokenForm()
    tokens = ApiToken.objects.filter(user=request.user).order_by("-created_at")
    context = {"form": form, "tokens": tokens, "secret": secret}
    response = render(request, "webapp/tokens.html", context)
    response["Cache-Control"] = "no-store"  # the secret must not stay in a cache
    return response


@login_required
@require_POST
def token_revoke(request: HttpRequest) -> HttpResponse:
    """Delete one of the user's tokens (its id comes in the POST body)."""
    ids = posted_ids(request, "token")
    get_object_or_404(ApiToken, user=request.user, pk=ids[0] if ids else -1).delete()
    messages.success(request, _("Token revoked."))
    return redirect("tokens")
