"""Login throttling: too many failed logins for one user name from one address → wait.

A counter per (user name, IP) in Django's cache. It slows password guessing without locking a
user out from everywhere (another address still gets its own attempts).
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.http import HttpRequest

# resonanz assumption: 5 failed attempts, then a 5-minute pause (OWASP suggests a small number
# of attempts followed by an increasing delay; one fixed step is enough for a team tool).
MAX_FAILURES = 5
LOCKOUT_SECONDS = 300


def _key(request: HttpRequest, username: str) -> str:
    ip = request.META.get("REMOTE_ADDR", "")
    digest = hashlib.sha256(f"{username.strip().lower()}|{ip}".encode()).hexdigest()
    return f"resonanz:login-failures:{digest}"


def is_locked(request: HttpRequest, username: str) -> bool:
    """True while this user name from this address has used up its attempts."""
    return int(cache.get(_key(request, username), 0)) >= MAX_FAILURES


def record_failure(request: HttpRequest, username: str) -> None:
    """Count one failed login; the count expires after the lockout."""
    key = _key(request, username)
    cache.add(key, 0, LOCKOUT_SECONDS)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, LOCKOUT_SECONDS)


def reset(request: HttpRequest, username: str) -> None:
    """Forget the failures after a successful login."""
    cache.delete(_key(request, username))
