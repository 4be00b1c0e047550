"""The store's tables. Every row belongs to a workspace (a brand or an agency's client).

Columns mirror the data contract (:mod:`resonanz.core.contracts`); ``external_id`` is the id the
user's own data uses, unique per workspace, so re-imports update instead of duplicating.
Lists (hashtags, mentions, …) are JSON arrays. ``NULL`` means unknown, never zero.
"""

from __future__ import annotations

from django.db import models


class Workspace(models.Model):
    """A brand or an agency client: the unit of data isolation."""

    name = models.CharField(max_length=100, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "workspaces"

    def __str__(self) -> str:
        return self.name


class _Owned(models.Model):
    # Most tables' unique key starts with the workspace, which serves as its index.
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, db_index=False)

    class Meta:
        abstract = True


class _OwnedScanned(models.Model):
    # Child tables keyed by their account: the workspace needs an index of its own for reads.
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE)

    class Meta:
        abstract = True


class Creator(_Owned):
    """A person (or team) who makes content, possibly on several platforms."""

    external_id = models.CharField(max_length=200)
    name = models.CharField(max_length=300, null=True)
    city = models.CharField(max_length=200, null=True)
    country = models.CharField(max_length=2, null=True)
    language = models.CharField(max_length=8, null=True)
    niches = models.JSONField(default=list)

    class Meta:
        db_table = "creators"
        constraints = [
            models.UniqueConstraint(fields=["workspace", "external_id"], name="creators_key")
        ]


class Account(_Owned):
    """One creator's presence on one platform."""

    external_id = models.CharField(max_length=200)
    creator = models.ForeignKey(Creator, on_delete=models.SET_NULL, null=True)
    platform = models.CharField(max_length=16)
    handle = models.CharField(max_length=200)
    display_name = models.CharField(max_length=300, null=True)
    bio = models.TextField(null=True)
    followers = models.BigIntegerField(null=True)
    following = models.BigIntegerField(null=True)
    media_count = models.BigIntegerField(null=True)
    is_private = models.BooleanField(null=True)
    has_profile_pic = models.BooleanField(null=True)
    is_verified = models.BooleanField(null=True)
    external_url = models.TextField(null=True)
    country = models.CharField(max_length=2, null=True)
    language = models.CharField(max_length=8, null=True)

    class Meta:
        db_table = "accounts"
        constraints = [
            models.UniqueConstraint(fields=["workspace", "external_id"], name="accounts_key")
        ]
        indexes = [models.Index(fields=["workspace", "platform", "handle"])]


class Post(_Owned):
    """One published piece of content with its public metrics at collection time."""

    external_id = models.CharField(max_length=200)
    # (account, posted_at) below serves account look-ups: no separate index on the foreign key
    account = models.ForeignKey(Account, on_delete=models.CASCADE, db_index=False)
    posted_at = models.DateTimeField()
    format = models.CharField(max_length=16, null=True)
    caption = models.TextField(null=True)
    hashtags = models.JSONField(default=list)
    mentions = models.JSONField(default=list)
    links = models.JSONField(default=list)
    discount_codes = models.JSONField(default=list)
    likes = models.BigIntegerField(null=True)
    comments = models.BigIntegerField(null=True)
    shares = models.BigIntegerField(null=True)
    saves = models.BigIntegerField(null=True)
    views = models.BigIntegerField(null=True)
    reach = models.BigIntegerField(null=True)
    has_platform_paid_label = models.BooleanField(null=True)
    on_screen_text = models.TextField(null=True)
    transcript = models.TextField(null=True)

    class Meta:
        db_table = "posts"
        constraints = [
            models.UniqueConstraint(fields=["workspace", "external_id"], name="posts_key")
        ]
        indexes = [models.Index(fields=["account", "posted_at"])]


class Comment(_Owned):
    """A comment under a post."""

    external_id = models.CharField(max_length=200)
    post = models.ForeignKey(Post, on_delete=models.CASCADE)
    author = models.CharField(max_length=200)
    text = models.TextField(null=True)
    commented_at = models.DateTimeField(null=True)
    likes = models.BigIntegerField(null=True)

    class Meta:
        db_table = "comments"
        constraints = [
            models.UniqueConstraint(fields=["workspace", "external_id"], name="comments_key")
        ]


class FollowerSample(_OwnedScanned):
    """One sampled follower of an account."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, db_index=False)
    follower_username = models.CharField(max_length=200)
    followers = models.BigIntegerField(null=True)
    following = models.BigIntegerField(null=True)
    posts = models.BigIntegerField(null=True)
    has_profile_pic = models.BooleanField(null=True)
    is_private = models.BooleanField(null=True)
    bio_length = models.IntegerField(null=True)
    has_external_url = models.BooleanField(null=True)
    last_post_at = models.DateField(null=True)

    class Meta:
        db_table = "follower_samples"
        constraints = [
            models.UniqueConstraint(
                fields=["account", "follower_username"], name="follower_samples_key"
            )
        ]


class AudienceShare(_OwnedScanned):
    """Share of an account's audience in one bucket of one dimension."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, db_index=False)
    dimension = models.CharField(max_length=16)
    bucket = models.CharField(max_length=100)
    share = models.FloatField()

    class Meta:
        db_table = "audience"
        constraints = [
            models.UniqueConstraint(fields=["account", "dimension", "bucket"], name="audience_key")
        ]


class MetricDaily(_OwnedScanned):
    """An account's public counters on one day."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, db_index=False)
    date = models.DateField()
    followers = models.BigIntegerField(null=True)
    following = models.BigIntegerField(null=True)
    posts = models.BigIntegerField(null=True)

    class Meta:
        db_table = "metrics_daily"
        constraints = [
            models.UniqueConstraint(fields=["account", "date"], name="metrics_daily_key")
        ]


class ImportRun(_Owned):
    """One `resonanz import` of one file: what it took and what it rejected."""

    file = models.TextField()
    table = models.CharField(max_length=32)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True)
    status = models.CharField(max_length=16, default="running")  # running | done | failed
    rows_read = models.BigIntegerField(default=0)
    rows_imported = models.BigIntegerField(default=0)
    rows_rejected = models.BigIntegerField(default=0)

    class Meta:
        db_table = "import_runs"


class QuarantinedRow(_Owned):
    """A rejected input row, kept as read so it can be fixed and imported again."""

    table = models.CharField(max_length=32)
    file = models.TextField()
    line = models.BigIntegerField()
    row_key = models.TextField(null=True)
    row_hash = models.CharField(max_length=64)
    raw = models.JSONField()
    errors = models.JSONField()
    import_run = models.ForeignKey(ImportRun, on_delete=models.SET_NULL, null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "quarantine"
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "table", "row_hash"], name="quarantine_once"
            )
        ]
        indexes = [models.Index(fields=["workspace", "table", "row_key"])]


class VettingResult(_Owned):
    """The latest vetting of an account: the verdict the lists filter and sort on.

    Narrow on purpose: the full explained report (~10 kB of evidence) lives in
    :class:`VettingReportBlob`, so a list sorting 100,000 accounts by rank never reads it.
    ``engagement_rate`` and ``components`` repeat, as columns, what the report says (the
    engagement component's value; every component's key and score in the report's order).
    """

    account = models.OneToOneField(Account, on_delete=models.CASCADE, related_name="vetting")
    score = models.FloatField(null=True)
    confidence = models.FloatField()
    rank_score = models.FloatField(null=True)
    tier = models.CharField(max_length=16, null=True)
    flags = models.JSONField(default=list)
    engagement_rate = models.FloatField(null=True)
    components = models.JSONField(default=list)  # [[key, score], …] in the report's order
    computed_at = models.DateTimeField()

    class Meta:
        db_table = "vetting_results"
        indexes = [models.Index(fields=["workspace", "rank_score"])]


class VettingReportBlob(_OwnedScanned):
    """The full explained report of an account's latest vetting (``resonanz vet --json``).

    One row per :class:`VettingResult`, written and deleted with it, read one account at a time
    (account page, API detail and fee) or all at once (the offline report, discovery).
    """

    account = models.OneToOneField(
        Account, on_delete=models.CASCADE, primary_key=True, related_name="vetting_report"
    )
    report = models.JSONField()

    class Meta:
        db_table = "vetting_reports"
