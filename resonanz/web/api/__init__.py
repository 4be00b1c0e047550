"""The JSON API (django-ninja): the same contracts as the CLI's ``--json``."""
