"""Workspaces: create, switch; members and invitations (owners only)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from resonanz.web.app.forms import ROLE_CHOICES, InvitationForm, WorkspaceForm
from resonanz.web.store.models import Workspace
from resonanz.web.team.models import Invitation, Membership, Role
from resonanz.web.team.scoping import SESSION_KEY, current_workspace, memberships, require_role


def _posted_id(request: HttpRequest, name: str) -> int:
    try:
        return int(request.POST.get(name, ""))
    except ValueError as exc:
        raise Http404(f"no {name}") from exc


@login_required
def workspace_new(request: HttpRequest) -> HttpResponse:
    """Create a workspace; its creator owns it and it becomes the current one."""
    form = WorkspaceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                ws = Workspace.objects.create(name=form.cleaned_data["name"])
                Membership.objects.create(user=request.user, workspace=ws, role=Role.OWNER)
        except IntegrityError:
            form.add_error("name", _("A workspace with this name already exists."))
        else:
            request.session[SESSION_KEY] = ws.pk
            messages.success(request, _("Workspace “%(name)s” created.") % {"name": ws.name})
            return redirect("import")
    return render(request, "webapp/workspace_new.html", {"form": form})


@login_required
@require_POST
def workspace_switch(request: HttpRequest) -> HttpResponse:
    """Make another of the user's workspaces the current one."""
    wanted = _posted_id(request, "workspace")
    membership = memberships(request.user).filter(workspace_id=wanted).first()
    if membership is None:
        raise Http404("no such workspace")
    request.session[SESSION_KEY] = membership.workspace_id
    return redirect("creators")


@login_required
def members(request: HttpRequest) -> HttpResponse:
    """Members and open invitations of the current workspace; owners invite here."""
    require_role(request, Role.OWNER)
    ws = current_workspace(request)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        Invitation.objects.create(
            workspace=ws,
            email=form.cleaned_data["email"],
            role=form.cleaned_data["role"],
            invited_by=request.user,
        )
        messages.success(request, _("Invitation created. Send the link to the person."))
        return redirect("members")
    context = {
        "members": Membership.objects.filter(workspace=ws)
        .select_related("user")
        .order_by("user__username"),
        "invitations": Invitation.objects.filter(workspace=ws, accepted_at__isnull=True).order_by(
            "-created_at"
        ),
        "form": form,
        "roles": ROLE_CHOICES,
    }
    return render(request, "webapp/members.html", context)


@login_required
@require_POST
def member_remove(request: HttpRequest) -> HttpResponse:
    """Remove a member (owners only; the last owner stays). The id comes in the POST body."""
    require_role(request, Role.OWNER)
    ws = current_workspace(request)
    membership = get_object_or_404(Membership, pk=_posted_id(request, "member"), workspace=ws)
    owners = Membership.objects.filter(workspace=ws, role=Role.OWNER).count()
    if membership.role == Role.OWNER and owners <= 1:
        messages.error(request, _("The last owner cannot be removed."))
    else:
        membership.delete()
        messages.success(request, _("Member removed."))
    return redirect("members")


@login_required
@require_POST
def member_role(request: HttpRequest) -> HttpResponse:
    """Change a member's role (owners only; the last owner stays an owner)."""
    require_role(request, Role.OWNER)
    ws = current_workspace(request)
    membership = get_object_or_404(Membership, pk=_posted_id(request, "member"), workspace=ws)
    role = request.POST.get("role", "")
    if role not in Role.values:
        raise Http404("no such role")
    owners = Membership.objects.filter(workspace=ws, role=Role.OWNER).count()
    if membership.role == Role.OWNER and role != Role.OWNER and owners <= 1:
        messages.error(request, _("The last owner cannot be removed."))
    else:
        membership.role = role
        membership.save(update_fields=["role"])
        messages.success(request, _("Role changed."))
    return redirect("members")


@login_required
@require_POST
def invitation_revoke(request: HttpRequest) -> HttpResponse:
    """Withdraw an open invitation (owners only). The id comes in the POST body."""
    require_role(request, Role.OWNER)
    ws = current_workspace(request)
    pk = _posted_id(request, "invitation")
    get_object_or_404(Invitation, pk=pk, workspace=ws, accepted_at__isnull=True).delete()
    messages.success(request, _("Invitation withdrawn."))
    return redirect("members")


@login_required
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """Join the workspace of an invitation link (once)."""
    invitation = get_object_or_404(
        Invitation.objects.select_related("workspace"), token=token, accepted_at__isnull=True
    )
    if request.method == "POST":
        Membership.objects.get_or_create(
            user=request.user,
            workspace=invitation.workspace,
            defaults={"role": invitation.role},
        )
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at"])
        request.session[SESSION_KEY] = invitation.workspace_id
        messages.success(request, _("You joined “%(name)s”.") % {"name": invitation.workspace.name})
        return redirect("creators")
    return render(request, "webapp/invitation.html", {"invitation": invitation})
