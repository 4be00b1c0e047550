"""URL routes: the pages, the JSON API under /api/ and the language switch."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, include, path

from resonanz.web.api.main import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("resonanz.web.app.urls")),
]
