"""Shortlists: named lists of accounts a team is considering."""

from __future__ import annotations

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from resonanz.web.app.forms import ShortlistForm
from resonanz.web.app.models import Shortlist, ShortlistEntry
from resonanz.web.app.views.common import posted_ids, workspace_required
from resonanz.web.app.views.creators import _row, lang
from resonanz.web.app.views.discovery import base_queryset
from resonanz.web.store.models import Account
from resonanz.web.team.models import Role
from resonanz.web.team.scoping import current_workspace, require_role, scoped


@workspace_required
def shortlist_index(request: HttpRequest) -> HttpResponse:
    """The workspace's shortlists; create a new one."""
    form = ShortlistForm(request.POST or None)
    if request.method == "POST":
        require_role(request, Role.MEMBER)
        if form.is_valid():
            try:
                with transaction.atomic():
                    sl = Shortlist.objects.create(
                        workspace=current_workspace(request),
                        name=form.cleaned_data["name"].strip(),
                        created_by=request.user,
                    )
            except IntegrityError:
                form.add_error("name", _("A shortlist with this name already exists."))
            else:
                return redirect("shortlist", shortlist_id=sl.pk)
    lists = scoped(request, Shortlist).order_by("name")
    return render(request, "webapp/shortlists.html", {"form": form, "shortlists": lists})


@workspace_required
def shortlist_detail(request: HttpRequest, shortlist_id: int) -> HttpResponse:
    """The accounts on one shortlist."""
    sl = get_object_or_404(scoped(request, Shortlist), pk=shortlist_id)
    ids = ShortlistEntry.objects.filter(shortlist=sl).values("account_id")
    accounts = base_queryset(current_workspace(request)).filter(pk__in=ids).order_by("handle")
    language = lang()
    rows = [_row(a, language) for a in accounts]
    return render(request, "webapp/shortlist.html", {"shortlist": sl, "rows": rows})


@workspace_required
@require_POST
def shortlist_add(request: HttpRequest, shortlist_id: int) -> HttpResponse:
    """Add the posted accounts (``a``) of this workspace to the shortlist."""
    require_role(request, Role.MEMBER)
    sl = get_object_or_404(scoped(request, Shortlist), pk=shortlist_id)
    accounts = scoped(request, Account).filter(pk__in=posted_ids(request, "a"))
    added = 0
    for account in accounts:
        created = ShortlistEntry.objects.get_or_create(shortlist=sl, account=account)[1]
        added += int(created)
    messages.success(request, _("%(n)d added to “%(name)s”.") % {"n": added, "name": sl.name})
    back = request.POST.get("next", "")
    if back.startswith("/") and not back.startswith("//"):
        return redirect(back)
    return redirect("shortlist", shortlist_id=sl.pk)


@workspace_required
@require_POST
def shortlist_remove(request: HttpRequest, shortlist_id: int) -> HttpResponse:
    """Remove the posted accounts (``a``) from the shortlist."""
    require_role(request, Role.MEMBER)
    sl = get_object_or_404(scoped(request, Shortlist), pk=shortlist_id)
    ShortlistEntry.objects.filter(shortlist=sl, account_id__in=posted_ids(request, "a")).delete()
    messages.success(request, _("Removed from the shortlist."))
    return redirect("shortlist", shortlist_id=sl.pk)


@workspace_required
@require_POST
def shortlist_delete(request: HttpRequest, shortlist_id: int) -> HttpResponse:
    """Delete a shortlist (the accounts stay)."""
    require_role(request, Role.MEMBER)
    get_object_or_404(scoped(request, Shortlist), pk=shortlist_id).delete()
    messages.success(request, _("Shortlist deleted."))
    return redirect("shortlists")
