"""Django settings, read from the environment by one typed loader (:mod:`resonanz.settings`)."""

from __future__ import annotations

from pathlib import Path

from resonanz.settings import load_settings

_S = load_settings()
_HERE = Path(__file__).resolve().parent

SECRET_KEY = _S.secret_key
DEBUG = _S.debug
ALLOWED_HOSTS = list(_S.allowed_hosts)
DATABASES = {"default": _S.database}
INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    # ninja as an app: /api/docs serves its bundled Swagger UI (static files), not a CDN copy.
    "ninja",
    "resonanz.web.store",
    "resonanz.web.crm",
    "resonanz.web.team",
    "resonanz.web.app",
]
MIDDLEWARE: list[str] = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]
ROOT_URLCONF = "resonanz.web.urls"
WSGI_APPLICATION = "resonanz.web.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "resonanz.web.team.scoping.workspace_context",
            ]
        },
    }
]
USE_TZ = True
TIME_ZONE = "Europe/Berlin"
LANGUAGE_CODE = "de"
LANGUAGES = [("de", "Deutsch"), ("en", "English")]
LOCALE_PATHS = [_HERE / "locale"]
USE_I18N = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
STATIC_URL = "/static/"
STATIC_ROOT = _S.static_root
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if _S.static_manifest
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Without collectstatic (development, tests, `resonanz serve`) whitenoise serves from the apps.
WHITENOISE_USE_FINDERS = True
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "creators"
LOGOUT_REDIRECT_URL = "login"
# Uploads above this size go to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = _S.secure_cookies
CSRF_COOKIE_SECURE = _S.secure_cookies
SECURE_SSL_REDIRECT = _S.secure_cookies
SECURE_HSTS_SECONDS = 31536000 if _S.secure_cookies else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = _S.secure_cookies
SECURE_HSTS_PRELOAD = _S.secure_cookies
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
NINJA_PAGINATION_PER_PAGE = 50
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": _S.log_level},
}
