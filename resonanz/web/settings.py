"""Django settings, read from the environment by one typed loader (:mod:`resonanz.settings`)."""

from __future__ import annotations

from resonanz.settings import load_settings

_S = load_settings()

SECRET_KEY = _S.secret_key
DEBUG = _S.debug
ALLOWED_HOSTS = list(_S.allowed_hosts)
DATABASES = {"default": _S.database}
INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "resonanz.web.store",
]
MIDDLEWARE: list[str] = []
ROOT_URLCONF = "resonanz.web.urls"
USE_TZ = True
TIME_ZONE = "Europe/Berlin"
LANGUAGE_CODE = "de"
LANGUAGES = [("de", "Deutsch"), ("en", "English")]
USE_I18N = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": _S.log_level},
}
