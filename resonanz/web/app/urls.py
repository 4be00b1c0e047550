"""Page routes of the web application.

Every route that names an object uses ``account_id``, ``creator_id``, ``shortlist_id``,
``import_id`` or ``plan_id``: the isolation tests fill these from another workspace and expect 404.
"""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path
from django.views.generic import RedirectView

from resonanz.web.app.views import (
    assets,
    auth,
    creators,
    imports,
    plans,
    shortlists,
    tokens,
    workspaces,
)

urlpatterns: list[URLPattern | URLResolver] = [
    path("", RedirectView.as_view(pattern_name="creators"), name="home"),
    path("signup/", auth.signup, name="signup"),
    path("login/", auth.login_view, name="login"),
    path("logout/", auth.logout_view, name="logout"),
    path("workspaces/new/", workspaces.workspace_new, name="workspace_new"),
    path("workspaces/switch/", workspaces.workspace_switch, name="workspace_switch"),
    path("members/", workspaces.members, name="members"),
    path("members/remove/", workspaces.member_remove, name="member_remove"),
    path("members/role/", workspaces.member_role, name="member_role"),
    path("invitations/revoke/", workspaces.invitation_revoke, name="invitation_revoke"),
    path("invitations/<str:token>/", workspaces.invitation_accept, name="invitation_accept"),
    path("import/", imports.import_page, name="import"),
    path("import/progress/", imports.import_progress, name="import_progress"),
    path("import/<int:import_id>/", imports.import_detail, name="import_detail"),
    path("import/<int:import_id>/errors.csv", imports.import_errors_csv, name="import_errors"),
    path("quarantine/", imports.quarantine, name="quarantine"),
    path("quarantine/rows.csv", imports.quarantine_csv, name="quarantine_csv"),
    path("creators/", creators.creator_list, name="creators"),
    path("creators/<int:creator_id>/", creators.creator_detail, name="creator"),
    path("accounts/<int:account_id>/", creators.account_detail, name="account"),
    path("compare/", creators.compare, name="compare"),
    path("vet/", creators.vet_now, name="vet_now"),
    path("shortlists/", shortlists.shortlist_index, name="shortlists"),
    path("shortlists/<int:shortlist_id>/", shortlists.shortlist_detail, name="shortlist"),
    path("shortlists/<int:shortlist_id>/add/", shortlists.shortlist_add, name="shortlist_add"),
    path(
        "shortlists/<int:shortlist_id>/remove/",
        shortlists.shortlist_remove,
        name="shortlist_remove",
    ),
    path(
        "shortlists/<int:shortlist_id>/delete/",
        shortlists.shortlist_delete,
        name="shortlist_delete",
    ),
    path("plans/", plans.plan_index, name="plans"),
    path("plans/<int:plan_id>/", plans.plan_detail, name="plan"),
    path("tokens/", tokens.token_index, name="tokens"),
    path("tokens/revoke/", tokens.token_revoke, name="token_revoke"),
    path("assets/plotly.min.js", assets.plotly_js, name="plotly_js"),
]
