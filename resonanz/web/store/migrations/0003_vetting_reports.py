"""The vetting report in its own table (``vetting_reports``), the lists' columns beside the score.

A stored report holds ~10 kB of evidence; inside ``vetting_results`` it made every list that sorts
or counts by rank read the whole table (≈1 GB at 100,000 creators on SQLite). The report moves
1:1 to :class:`~resonanz.web.store.models.VettingReportBlob` (keyed by the account), and
``vetting_results`` gains what the lists filter and sort on: ``engagement_rate`` (the engagement
component's value) and ``components`` (every component's ``[key, score]``, in the report's
order), filled here from the stored reports,.

Reversible: going back copies the reports into ``vetting_results.report`` again. On SQLite the
freed pages stay in the file until ``VACUUM``.
"""

import json

import django.db.models.deletion
from django.db import migrations, models

_CHUNK = 2000


def _columns(components: list[dict]) -> tuple[float | None, list[list]]:
    """The engagement component's numeric value and every component's [key, score]
    (as resonanz.web.store.services.ranking_columns writes them)."""
    engagement = next((c for c in components if c.get("key") == "engagement"), {})
    value = engagement.get("value")
    number = isinstance(value, int | float) and not isinstance(value, bool)
    return (float(value) if number else None), [[c.get("key"), c.get("score")] for c in components]


def _forward(apps, schema_editor):
    postgres = schema_editor.connection.vendor == "postgresql"
    components = (
        "(report -> 'components')::text" if postgres else "json_extract(report, '$.components')"
    )
    cast = "%s::jsonb" if postgres else "%s"
    with schema_editor.connection.cursor() as cur:
        cur.execute(
            "INSERT INTO vetting_reports (account_id, workspace_id, report) "
            "SELECT account_id, workspace_id, report FROM vetting_results"
        )
        last = 0
        while True:
            cur.execute(
                f"SELECT id, {components} FROM vetting_results WHERE id > %s ORDER BY id LIMIT %s",
                [last, _CHUNK],
            )
            rows = cur.fetchall()
            if not rows:
                break
            updates = []
            for pk, text in rows:
                rate, pairs = _columns(json.loads(text) if text else [])
                updates.append((rate, json.dumps(pairs), pk))
            cur.executemany(
                f"UPDATE vetting_results SET engagement_rate = %s, components = {cast} "
                "WHERE id = %s",
                updates,
            )
            last = rows[-1][0]


def _backward(apps, schema_editor):
    with schema_editor.connection.cursor() as cur:
        cur.execute(
            "UPDATE vetting_results SET report = (SELECT b.report FROM vetting_reports b "
            "WHERE b.account_id = vetting_results.account_id)"
        )


class Migration(migrations.Migration):
    dependencies = [("store", "0002_account_search")]  # noqa: RUF012  (Django reads lists)

    operations = [  # noqa: RUF012
        migrations.CreateModel(
            name="VettingReportBlob",
            fields=[
                (
                    "account",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="vetting_report",
                        serialize=False,
                        to="store.account",
                    ),
                ),
                ("report", models.JSONField()),
                (
                    "workspace",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, to="store.workspace"
                    ),
                ),
            ],
            options={"db_table": "vetting_reports"},
        ),
        migrations.AddField(
            model_name="vettingresult",
            name="engagement_rate",
            field=models.FloatField(null=True),
        ),
        # nullable while it is filled (a plain ADD COLUMN, no copy of the wide table)
        migrations.AddField(
            model_name="vettingresult",
            name="components",
            field=models.JSONField(null=True),
        ),
        migrations.RunPython(_forward, _backward),
        # Only the state: going back re-adds the column nullable (then fills it), so a store
        # with results can go back; the database column is dropped just below either way.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="vettingresult",
                    name="report",
                    field=models.JSONField(null=True),
                )
            ]
        ),
        migrations.RemoveField(model_name="vettingresult", name="report"),
        migrations.AlterField(
            model_name="vettingresult",
            name="components",
            field=models.JSONField(default=list),
        ),
        # fresh statistics for the narrow table, or the planner keeps the wide one's
        migrations.RunSQL("ANALYZE vetting_results", migrations.RunSQL.noop),
    ]
