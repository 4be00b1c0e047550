"""Sign-up, login (throttled) and logout."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from resonanz.web.app import throttle
from resonanz.web.app.forms import LoginForm, SignUpForm


def signup(request: HttpRequest) -> HttpResponse:
    """Create an account and sign in; the next step is creating a workspace."""
    if request.user.is_authenticated:
        return redirect("creators")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome! Create your first workspace."))
        return redirect("workspace_new")
    return render(request, "webapp/signup.html", {"form": form})


def login_view(request: HttpRequest) -> HttpResponse:
    """Sign in; after too many failures for a user name from one address, wait."""
    form = LoginForm(request, data=request.POST or None)
    status, locked = 200, None
    if request.method == "POST":
        username = request.POST.get("username", "")
        if throttle.is_locked(request, username):
            # refused before the password is checked: guessing gains nothing while locked
            form = LoginForm(request, initial={"username": username})
            locked = _(
                "Too many failed attempts. Please wait %(minutes)d minutes and try again."
            ) % {"minutes": throttle.LOCKOUT_SECONDS // 60}
            status = 429
        elif form.is_valid():
            throttle.reset(request, username)
            login(request, form.get_user())
            target = request.POST.get("next") or request.GET.get("next") or ""
            if target.startswith("/") and not target.startswith("//"):
                return redirect(target)
            return redirect("creators")
        else:
            throttle.record_failure(request, username)
    context = {"form": form, "next": request.GET.get("next", ""), "locked": locked}
    return render(request, "webapp/login.html", context, status=status)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    """Sign out (POST only, so a link cannot sign anyone out)."""
    logout(request)
    messages.info(request, _("You have been signed out."))
    return redirect("login")
