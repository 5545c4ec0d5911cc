"""pg_trgm for the site search's typo-tolerant matching of titles and names (wzl_site.search).

A no-op on SQLite. pg_trgm is a trusted extension since PostgreSQL 13: the database's owner may
create it without being a superuser.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("wzl_site", "0003_content_version"),
    ]

    operations = [TrigramExtension()]
