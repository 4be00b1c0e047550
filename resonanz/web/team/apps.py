from django.apps import AppConfig


class TeamConfig(AppConfig):
    """Who may see and change which workspace."""

    name = "resonanz.web.team"
    label = "team"
    verbose_name = "resonanz team"
