"""``resonanz token``: a user's API tokens for the JSON API (docs/api.md).

``create`` prints the secret once (only its SHA-256 digest is stored); ``list`` shows names,
prefixes and last use; ``revoke`` deletes one.
"""

from __future__ import annotations

from typing import Any

import typer
from rich.markup import escape
from rich.table import Table

from resonanz.cli.main import STATE, _print_json, app, err, out

token_app = typer.Typer(help="API-Tokens für die JSON-API (Authorization: Bearer rz_…).")
app.add_typer(token_app, name="token")

_TEXT: dict[str, dict[str, str]] = {
    "no_user": {
        "de": "Unbekannter Benutzer '{user}' (zuerst registrieren: resonanz serve, /signup/).",
        "en": "Unknown user '{user}' (sign up first: resonanz serve, /signup/).",
    },
    "created": {
        "de": "Token '{name}' für {user} – nur jetzt sichtbar, sicher aufbewahren:",
        "en": "Token '{name}' for {user} – shown only now, keep it safe:",
    },
    "use": {
        "de": "Verwendung: curl -H 'Authorization: Bearer TOKEN' http://127.0.0.1:8000/api/creators",
        "en": "Use: curl -H 'Authorization: Bearer TOKEN' http://127.0.0.1:8000/api/creators",
    },
    "no_token": {
        "de": "{user} hat kein Token mit der Nummer {token_id}.",
        "en": "{user} has no token number {token_id}.",
    },
    "revoked": {"de": "Token {token_id} widerrufen.", "en": "Token {token_id} revoked."},
    "title": {"de": "API-Tokens von {user}", "en": "API tokens of {user}"},
    "never": {"de": "nie", "en": "never"},
}
USER_OPTION = typer.Option(..., "--user", "-u", help="Benutzername.")


def _t(key: str, **params: Any) -> str:
    entry = _TEXT[key]
    return entry.get(STATE.lang, entry["de"]).format(**params)


def _user(name: str) -> Any:
    STATE.store()
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username=name).first()
    if user is None:
        err.print(f"[red]{escape(_t('no_user', user=name))}[/red]")
        raise typer.Exit(1)
    return user


@token_app.command("create")
def create(
    user: str = USER_OPTION,
    name: str = typer.Option(..., "--name", "-n", help="Wofür das Token ist, z. B. 'ci'."),
    as_json: bool = typer.Option(False, "--json", help="Als JSON (mit dem Token)."),
) -> None:
    """Erzeugt ein API-Token; es wird nur dieses eine Mal angezeigt."""
    owner = _user(user)
    from resonanz.web.team.models import ApiToken

    token, raw = ApiToken.issue(owner, name.strip()[:100] or "token")
    if as_json:
        _print_json(
            {"token_id": token.pk, "name": token.name, "prefix": token.prefix, "token": raw}
        )
        return
    err.print(escape(_t("created", name=token.name, user=user)))
    out.print(raw, markup=False, highlight=False)
    err.print(escape(_t("use")))


@token_app.command("list")
def list_tokens(
    user: str = USER_OPTION,
    as_json: bool = typer.Option(False, "--json", help="Als JSON."),
) -> None:
    """Zeigt die Tokens eines Benutzers (ohne Geheimnis)."""
    owner = _user(user)
    from resonanz.web.team.models import ApiToken

    rows = [
        {
            "token_id": t.pk,
            "name": t.name,
            "prefix": t.prefix,
            "created_at": t.created_at.isoformat(),
            "last_used_at": t.last_used_at.isoformat() if t.last_used_at else None,
        }
        for t in ApiToken.objects.filter(user=owner).order_by("pk")
    ]
    if as_json:
        _print_json(rows)
        return
    table = Table(title=_t("title", user=user), title_justify="left")
    for column in ("token_id", "name", "prefix", "created_at", "last_used_at"):
        table.add_column(column)
    for r in rows:
        table.add_row(
            str(r["token_id"]),
            escape(r["name"]),
            r["prefix"] + "…",
            r["created_at"][:16],
            (r["last_used_at"] or _t("never"))[:16],
        )
    out.print(table)


@token_app.command("revoke")
def revoke(
    token_id: int = typer.Argument(..., help="Nummer des Tokens (resonanz token list)."),
    user: str = USER_OPTION,
) -> None:
    """Widerruft (löscht) ein Token."""
    owner = _user(user)
    from resonanz.web.team.models import ApiToken

    deleted, _ = ApiToken.objects.filter(user=owner, pk=token_id).delete()
    if not deleted:
        err.print(f"[red]{escape(_t('no_token', user=user, token_id=token_id))}[/red]")
        raise typer.Exit(1)
    err.print(_t("revoked", token_id=token_id))
