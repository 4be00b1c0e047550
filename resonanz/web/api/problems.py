"""Errors as RFC 9457 problem details (``application/problem+json``).

Every error the API answers with — ninja's own validation and authentication failures, 404s,
405s, unknown paths under ``/api/`` and unexpected exceptions — has the members ``type``,
``title``, ``status``, ``detail`` and ``instance``; validation problems add ``errors`` (one entry
per field). ``type`` is ``about:blank`` for plain HTTP errors (its title is the status phrase) and
``urn:resonanz:problem:<slug>`` for the kinds listed in docs/api.md.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

log = logging.getLogger(__name__)

CONTENT_TYPE = "application/problem+json"
URN = "urn:resonanz:problem:"

# Problem details: German and English (the detail is what a person reads).
_TEXT: dict[str, dict[str, str]] = {
    "unauthenticated": {
        "de": "Anmeldung nötig: Header 'Authorization: Bearer rz_…' oder eine Sitzung.",
        "en": "Authentication required: header 'Authorization: Bearer rz_…' or a session.",
    },
    "csrf": {
        "de": "CSRF-Prüfung fehlgeschlagen: Anfragen mit Sitzung brauchen den Header X-CSRFToken.",
        "en": "CSRF check failed: requests with a session need the X-CSRFToken header.",
    },
    "forbidden": {"de": "Keine Berechtigung.", "en": "Not allowed."},
    "not_found": {"de": "Nicht gefunden.", "en": "Not found."},
    "no_route": {
        "de": "Unbekannter API-Pfad; siehe /api/docs.",
        "en": "Unknown API path; see /api/docs.",
    },
    "method": {
        "de": "Methode {method} ist hier nicht erlaubt (erlaubt: {allowed}).",
        "en": "Method {method} is not allowed here (allowed: {allowed}).",
    },
    "validation": {
        "de": "Ungültige Anfrage: {fields}.",
        "en": "Invalid request: {fields}.",
    },
    "bad_request": {"de": "Ungültige Anfrage: {reason}.", "en": "Bad request: {reason}."},
    "throttled": {"de": "Zu viele Anfragen.", "en": "Too many requests."},
    "server": {
        "de": "Interner Fehler; er wurde protokolliert.",
        "en": "Internal error; it has been logged.",
    },
}


def text(key: str, **params: object) -> str:
    """A problem message in the request's language (German by default)."""
    lang = (translation.get_language() or "de")[:2]
    entry = _TEXT[key]
    return entry.get(lang, entry["de"]).format(**params)


class FieldError(Schema):
    """One invalid field of a request."""

    field: str
    message: str
    type: str


class Problem(Schema):
    """An RFC 9457 problem detail."""

    type: str
    title: str
    status: int
    detail: str
    instance: str
    errors: list[FieldError] | None = None


class ApiProblem(Exception):
    """Raise to answer with a problem: ``ApiProblem(409, "…", slug="conflict")``."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        slug: str | None = None,
        errors: list[dict[str, str]] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status, self.detail, self.slug, self.errors = status, detail, slug, errors


class NotFound(ApiProblem):
    """404 with a safe detail (it never says whether the object exists elsewhere)."""

    def __init__(self, detail: str | None = None, slug: str | None = None) -> None:
        super().__init__(404, detail or text("not_found"), slug=slug)


def problem(
    request: HttpRequest,
    status: int,
    detail: str,
    *,
    slug: str | None = None,
    errors: list[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    """The ``application/problem+json`` response."""
    phrase = HTTPStatus(status).phrase
    body: dict[str, Any] = {
        "type": URN + slug if slug else "about:blank",
        "title": slug.replace("-", " ").capitalize() if slug else phrase,
        "status": status,
        "detail": detail,
        "instance": request.get_full_path(),
    }
    if errors is not None:
        body["errors"] = errors
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False), status=status, content_type=CONTENT_TYPE
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def field_errors(errors: Iterable[dict[str, Any]]) -> list[dict[str, str]]:
    """Pydantic/ninja errors as ``{field, message, type}`` (field: ``query.limit``, ``body.x``)."""
    return [
        {
            "field": ".".join(str(p) for p in e.get("loc", ())) or "(request)",
            "message": str(e.get("msg", "")),
            "type": str(e.get("type", "")),
        }
        for e in errors
    ]


def _validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = field_errors(exc.errors)
    fields = ", ".join(dict.fromkeys(e["field"] for e in errors))
    return problem(
        request, 422, text("validation", fields=fields), slug="validation-error", errors=errors
    )


def _authentication(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return problem(
        request,
        401,
        text("unauthenticated"),
        slug="unauthenticated",
        headers={"WWW-Authenticate": 'Bearer realm="resonanz"'},
    )


def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    status = exc.status_code
    if status == 403 and "csrf" in exc.message.lower():
        return problem(request, 403, text("csrf"), slug="csrf-failed")
    if status == 400:
        return problem(request, 400, text("bad_request", reason=exc.message))
    if isinstance(exc, Throttled):
        return problem(request, 429, text("throttled"))
    return problem(request, status, exc.message)


def _api_problem(request: HttpRequest, exc: ApiProblem) -> HttpResponse:
    return problem(request, exc.status, exc.detail, slug=exc.slug, errors=exc.errors)


def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    # Http404's own message may name internals ("No Account matches…"): never shown.
    return problem(request, 404, text("not_found"))


def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return problem(request, 403, text("forbidden"))


def _server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    log.exception("API error on %s %s", request.method, request.path, exc_info=exc)
    return problem(request, 500, text("server"))


def install(api: NinjaAPI) -> None:
    """Register the problem handlers on ``api`` (they replace ninja's defaults)."""
    handlers: list[tuple[type[Exception], Callable[[HttpRequest, Any], HttpResponse]]] = [
        (Exception, _server_error),
        (PermissionDenied, _forbidden),
        (Http404, _not_found),
        (HttpError, _http_error),
        (AuthenticationError, _authentication),
        (ValidationError, _validation),
        (ApiProblem, _api_problem),
    ]
    for exc_class, handler in handlers:
        api.add_exception_handler(exc_class, handler)


def method_not_allowed(request: HttpRequest, allowed: Iterable[str]) -> HttpResponse:
    """405 as a problem, with the ``Allow`` header."""
    allow = ", ".join(sorted(set(allowed)))
    detail = text("method", method=request.method, allowed=allow)
    return problem(request, 405, detail, headers={"Allow": allow})


def unknown_path(request: HttpRequest, **_: object) -> HttpResponse:
    """404 for any path under /api/ that no route matches."""
    return problem(request, 404, text("no_route"))


unknown_path.csrf_exempt = True  # type: ignore[attr-defined]


ERROR_RESPONSES: dict[int, type[Problem]] = {
    401: Problem,
    404: Problem,
    422: Problem,
}
WRITE_ERROR_RESPONSES: dict[int, type[Problem]] = {**ERROR_RESPONSES, 403: Problem}
