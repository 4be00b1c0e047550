"""``resonanz serve [--port N]``: the web app on 127.0.0.1 with the current store.

Applies migrations itself, makes sure a demo login owns every workspace of the store, prints the
address and that login, then serves until Ctrl+C. For production see docs/deploying.md.
"""

from __future__ import annotations

import secrets
import warnings
from typing import Any

import typer

from resonanz.cli.main import STATE, app, err, out

DEMO_USER = "demo"
HOST = "127.0.0.1"

_TEXT: dict[str, dict[str, str]] = {
    "url": {"de": "resonanz läuft auf {url}", "en": "resonanz is running at {url}"},
    "login": {
        "de": "Anmeldung: Benutzer {user}, Passwort {password} – Inhaber aller Workspaces ({n})",
        "en": "Login: user {user}, password {password} – owner of every workspace ({n})",
    },
    "stop": {"de": "Beenden mit Strg+C.", "en": "Stop with Ctrl+C."},
    "port_busy": {
        "de": "Port {port} ist belegt: wähle einen anderen mit --port.",
        "en": "Port {port} is in use: choose another one with --port.",
    },
}


def _t(key: str, **params: Any) -> str:
    lang = STATE.lang if STATE.lang in {"de", "en"} else "de"
    return _TEXT[key][lang].format(**params)


def demo_login() -> tuple[str, str, int]:
    """Create (or reset) the demo user with a fresh password; it owns every workspace.

    Returns the user name, the password (shown once) and the number of workspaces.
    """
    from django.contrib.auth import get_user_model

    from resonanz.web.store.models import Workspace
    from resonanz.web.team.models import Membership, Role

    user, _ = get_user_model().objects.get_or_create(username=DEMO_USER)
    password = secrets.token_urlsafe(9)
    user.set_password(password)
    user.save()
    workspaces = list(Workspace.objects.all())
    for ws in workspaces:
        Membership.objects.update_or_create(user=user, workspace=ws, defaults={"role": Role.OWNER})
    return DEMO_USER, password, len(workspaces)


def port_free(port: int) -> bool:
    """True when nothing listens on 127.0.0.1:port."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        return s.connect_ex((HOST, port)) != 0


def run_server(port: int) -> None:
    """Migrate, print the address and the demo login, serve until interrupted."""
    STATE.store()  # applies migrations
    if not port_free(port):
        err.print(f"[red]{_t('port_busy', port=port)}[/red]")
        raise typer.Exit(1)
    user, password, n = demo_login()
    out.print(_t("url", url=f"http://{HOST}:{port}/"))
    out.print(_t("login", user=user, password=password, n=n))
    out.print(_t("stop"))
    from django.core.management import call_command

    with warnings.catch_warnings():
        # whitenoise warns that STATIC_ROOT does not exist: locally it serves from the apps
        warnings.filterwarnings("ignore", message="No directory at")
        call_command("runserver", f"{HOST}:{port}", use_reloader=False, skip_checks=True)


@app.command()
def serve(
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port auf 127.0.0.1."),
) -> None:
    """Startet die Web-App auf 127.0.0.1 mit dem aktuellen Speicher (wendet Migrationen an)."""
    run_server(port)
