import os
import shutil

import pytest
from django.db import connection

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
CHROMIUM = "/usr/bin/chromium"


def pytest_collection_modifyitems(config, items):
    """Skip what this machine cannot run, with the reason; in CI nothing may be skipped."""
    missing = {}
    if not shutil.which(CHROMIUM):
        missing["browser"] = f"needs Debian's Chromium at {CHROMIUM} (apt-get install chromium)"
    if connection.vendor != "postgresql":
        missing["postgres"] = "needs PostgreSQL: set DATABASE_URL=postgres://…"
    for item in items:
        for marker, reason in missing.items():
            if marker not in item.keywords:
                continue
            if IN_CI and marker != "postgres":
                raise pytest.UsageError(f"CI must run {item.nodeid}, but it {reason}")
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(autouse=True)
def _test_settings(settings):
    """Tests render pages without a collectstatic run, so without the hashed-name manifest;
    and hash test passwords fast."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def seed_content(db):
    from wzl_site.operations import content_load

    content_load()
