"""The legal pages were flat pages: their texts (raw HTML, now cleaned when shown) and the day
they were last checked move to the legal pages, so that nothing staff wrote is lost."""

from django.conf import settings
from django.db import migrations

KINDS = {"/impressum/": "imprint", "/datenschutz/": "privacy", "/barrierefreiheit/": "accessibility"}


def copy_flatpages(apps, schema_editor):
    FlatPage = apps.get_model("flatpages", "FlatPage")
    FlatPageCheck = apps.get_model("wzl_site", "FlatPageCheck")
    LegalPage = apps.get_model("wzl_site", "LegalPage")
    languages = [code for code, _name in settings.LANGUAGES]
    for flatpage in FlatPage.objects.filter(url__in=KINDS):
        if LegalPage.objects.filter(kind=KINDS[flatpage.url]).exists():
            continue
        check = FlatPageCheck.objects.filter(flatpage=flatpage).first()
        texts = {}
        for lang in languages:
            texts[f"title_{lang}"] = getattr(flatpage, f"title_{lang}", None)
            texts[f"intro_{lang}"] = getattr(flatpage, f"content_{lang}", None)
        texts["title"] = texts["title_de"] or flatpage.title
        texts["intro"] = texts["intro_de"] or flatpage.content
        LegalPage.objects.create(
            kind=KINDS[flatpage.url],
            checked_on=check.checked_on if check else None,
            **texts,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("flatpages", "0002_historicalflatpage"),
        ("wzl_site", "0005_legal_pages"),
    ]

    operations = [migrations.RunPython(copy_flatpages, migrations.RunPython.noop)]
