"""The first seed listed first and referral counselling as an offer of each migration service and
of the Referat on all ten topics, and "specialist counselling" of the Agentur für Arbeit, the
Jobcenter, the IHK and the Verbraucherzentrale, which the announcement only says "will soon" come.
Remove those seeded offers where they are still exactly as seeded; the centre's first and referral
counselling is now shown once, as the centre's own (services.CentreProfile)."""

from django.db import migrations

FIRST_COUNSELLING = ("Erst- und Verweisberatung", "First counselling and referral")
SPECIALIST = {
    "agentur-fuer-arbeit": "Spezialangebot der Agentur für Arbeit",
    "jobcenter": "Spezialangebot des Jobcenters",
    "ihk": "Spezialangebot der IHK",
    "verbraucherzentrale-sachsen": "Spezialangebot der Verbraucherzentrale",
}
FIRST_COUNSELLING_PARTNERS = [
    "verband-binationaler-familien",
    "mosaik-leipzig",
    "internationaler-bund-mitte",
    "arbeit-und-leben",
    "referat-migration-integration",
]


def forwards(apps, schema_editor):
    Offer = apps.get_model("partners", "Offer")
    Offer.objects.filter(
        partner__slug__in=FIRST_COUNSELLING_PARTNERS,
        title_de=FIRST_COUNSELLING[0],
        title_en=FIRST_COUNSELLING[1],
    ).delete()
    for slug, title in SPECIALIST.items():
        Offer.objects.filter(partner__slug=slug, title_de=title).delete()


class Migration(migrations.Migration):
    dependencies = [("partners", "0006_announced_partners")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
