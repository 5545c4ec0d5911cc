"""A target group's topics become its "I am …" guide: the plain many-to-many table gains an
order and a translated reason (the table and its rows are kept); a material may belong to a
partner."""

import django.db.models.deletion
from django.db import migrations, models

LANGUAGES = ["de", "en", "ar", "fa", "uk", "ru", "ro", "pl", "tr", "vi", "es"]
REASON_HELP = "One plain sentence: why this topic matters to this group."


def reason_fields():
    return [
        (
            "reason",
            models.CharField(
                blank=True, help_text=REASON_HELP, max_length=300, verbose_name="why it matters"
            ),
        )
    ] + [
        (
            f"reason_{code}",
            models.CharField(
                blank=True,
                help_text=REASON_HELP,
                max_length=300,
                null=True,
                verbose_name="why it matters",
            ),
        )
        for code in LANGUAGES
    ]


def order_field():
    return models.PositiveSmallIntegerField(default=0, verbose_name="order")


def number_existing_topics(apps, schema_editor):
    """Each guide's topics in the order the topics had so far."""
    GuideTopic = apps.get_model("services", "GuideTopic")
    rows = GuideTopic.objects.order_by("targetgroup_id", "topic__order", "topic__slug")
    position, group = 0, None
    for row in rows:
        position = position + 1 if row.targetgroup_id == group else 1
        group = row.targetgroup_id
        row.order = position
        row.save(update_fields=["order"])


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0009_offer_target_groups"),
        ("services", "0006_material"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalmaterial",
            name="partner",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="Empty for the Welcome Centre's own material.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="partners.partner",
                verbose_name="partner",
            ),
        ),
        migrations.AddField(
            model_name="material",
            name="partner",
            field=models.ForeignKey(
                blank=True,
                help_text="Empty for the Welcome Centre's own material.",
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="materials",
                to="partners.partner",
                verbose_name="partner",
            ),
        ),
        # The table exists (the automatic one of TargetGroup.topics): only the state learns it.
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="GuideTopic",
                    fields=[
                        ("id", models.AutoField(primary_key=True, serialize=False)),
                        (
                            "targetgroup",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="guide_topics",
                                to="services.targetgroup",
                                verbose_name="target group",
                            ),
                        ),
                        (
                            "topic",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="guide_entries",
                                to="services.topic",
                                verbose_name="topic",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "topic of the guide",
                        "verbose_name_plural": "topics of the guide",
                        "db_table": "services_targetgroup_topics",
                        "ordering": ["order", "id"],
                        "unique_together": {("targetgroup", "topic")},
                    },
                ),
                migrations.AlterField(
                    model_name="targetgroup",
                    name="topics",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="target_groups",
                        through="services.GuideTopic",
                        to="services.topic",
                        verbose_name="topics",
                    ),
                ),
            ],
        ),
        migrations.AddField(model_name="guidetopic", name="order", field=order_field()),
        *[
            migrations.AddField(model_name="guidetopic", name=name, field=field)
            for name, field in reason_fields()
        ],
        migrations.RunPython(number_existing_topics, migrations.RunPython.noop),
    ]
