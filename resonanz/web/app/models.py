"""The web app's own tables: shortlists and the stored error report of an upload."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from resonanz.web.store.models import Account, ImportRun, Workspace


class Shortlist(models.Model):
    """A named list of accounts a team is considering, in one workspace."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="shortlists")
    name = models.CharField(max_length=100)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    accounts = models.ManyToManyField(Account, through="ShortlistEntry", related_name="+")

    class Meta:
        db_table = "shortlists"
        constraints = [
            models.UniqueConstraint(fields=["workspace", "name"], name="shortlist_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class ShortlistEntry(models.Model):
    """One account on one shortlist."""

    shortlist = models.ForeignKey(Shortlist, on_delete=models.CASCADE, related_name="entries")
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "shortlist_entries"
        constraints = [
            models.UniqueConstraint(fields=["shortlist", "account"], name="shortlist_entry_once")
        ]


class UploadReport(models.Model):
    """The row-level error report of one upload (CSV: file,line,field,value,reason)."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    import_run = models.OneToOneField(
        ImportRun, on_delete=models.CASCADE, null=True, related_name="upload_report"
    )
    file_name = models.CharField(max_length=255)
    table = models.CharField(max_length=32, null=True)
    fatal = models.TextField(null=True)
    error_count = models.IntegerField(default=0)
    errors_csv = models.TextField(default="")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "upload_reports"


class CampaignPlan(models.Model):
    """A brief turned into a plan: the brief as written and the plan's JSON (as the CLI's)."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    brief_yaml = models.TextField()
    result = models.JSONField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "campaign_plans"
