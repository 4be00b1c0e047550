"""Fuzz the API with schemathesis against its own OpenAPI description: no server error (5xx).

The requests go to Django's WSGI application in-process (no network), authenticated with an
owner's token, on the test database (SQLite or PostgreSQL) holding a small vetted demo world.
Path ids are sometimes real ones (so the fuzzing reaches past the 404s), and every answer must
conform to the description: status codes, content types and bodies.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client, override_settings
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.specs.openapi.checks import positive_data_acceptance

with warnings.catch_warnings():
    # whitenoise warns that STATIC_ROOT (collectstatic's output) does not exist: not needed here
    warnings.filterwarnings("ignore", "No directory at", UserWarning)
    APP = get_wsgi_application()
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", APP)
# Real ids of the fuzz world, filled by the fixture; path parameters take them half of the time.
REAL: dict[str, str] = {}
MAX_EXAMPLES = 12  # per operation: ~20 operations, well under two minutes on 2 cores


@schema.hook
def flatmap_path_parameters(context: Any, path_parameters: dict[str, Any] | None) -> Any:
    real = {k: REAL[k] for k in path_parameters or {} if k in REAL}
    if not real:
        return st.just(path_parameters)
    return st.sampled_from([path_parameters, {**(path_parameters or {}), **real}])


@pytest.fixture(scope="module")
def fuzz_world(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A vetted 8-creator world in workspace "fuzz", owned by a user; yields the user's token."""
    from django.contrib.auth import get_user_model

    from resonanz.io.generator import write_world
    from resonanz.web.app.models import CampaignPlan, Shortlist
    from resonanz.web.store.importer import import_paths
    from resonanz.web.store.models import Account, ImportRun, Workspace
    from resonanz.web.store.services import vet_workspace
    from resonanz.web.team.models import ApiToken, Membership

    tmp = tmp_path_factory.mktemp("fuzz")
    write_world(tmp / "data", 8, seed=5, fmt="csv")
    (tmp / "data" / "ground_truth.csv").unlink()
    with django_db_blocker.unblock():
        import_paths([tmp / "data"], "fuzz", tmp / "errors.csv")
        ws = Workspace.objects.get(name="fuzz")
        vet_workspace(ws)
        user = get_user_model().objects.create_user("fuzz-owner", password="pw-fuzz-12345")
        Membership.objects.create(user=user, workspace=ws, role="owner")
        token, raw = ApiToken.issue(user, "fuzz")
        shortlist = Shortlist.objects.create(workspace=ws, name="fuzz")
        client = Client(headers={"Authorization": f"Bearer {raw}"})
        with override_settings(STATIC_ROOT=tmp):
            made = client.post("/api/plans", {"budget_eur": 1500}, content_type="application/json")
        assert made.status_code == 200, made.content
        plan = CampaignPlan.objects.get(pk=int(made["Location"].rsplit("/", 1)[1]))
        account = Account.objects.filter(workspace=ws).order_by("pk").first()
        assert account is not None
        REAL.update(
            account_id=account.external_id,
            import_id=str(ImportRun.objects.filter(workspace=ws).order_by("pk").first().pk),  # type: ignore[union-attr]
            shortlist_id=str(shortlist.pk),
            plan_id=str(plan.pk),
            token_id=str(token.pk),
        )
    yield raw
    REAL.clear()
    with django_db_blocker.unblock():
        Workspace.objects.filter(name="fuzz").delete()
        get_user_model().objects.filter(username="fuzz-owner").delete()


@pytest.fixture
def app_requests(db: None) -> Iterator[None]:
    """WSGI requests inside the test's transaction: Django must not close the connection.

    (Django closes "old" connections when a request starts and ends; inside the test's
    transaction that would close PostgreSQL's connection under the test, as the test client
    avoids for its own requests.)
    """
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield
    finally:
        for signal in (signals.request_started, signals.request_finished):
            signal.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_api_has_no_server_errors(case: Any, fuzz_world: str, app_requests: None) -> None:
    case.call_and_validate(
        headers={"Authorization": f"Bearer {fuzz_world}"},
        # Schema-valid is not always valid: an unknown account id, a file of an unknown type
        # or a brief no creator fits are 422 by meaning, which this check would call rejected.
        excluded_checks=[positive_data_acceptance],
    )
