from django.apps import AppConfig


class WebAppConfig(AppConfig):
    """Pages: import, creators, creator detail, compare, shortlists, plan."""

    name = "resonanz.web.app"
    label = "webapp"
    verbose_name = "resonanz web app"
