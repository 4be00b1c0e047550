from django.apps import AppConfig


class StoreConfig(AppConfig):
    """The store: workspaces and everything imported into them."""

    name = "resonanz.web.store"
    label = "store"
    verbose_name = "resonanz store"
