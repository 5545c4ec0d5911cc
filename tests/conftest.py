import glob
import os
import pwd
import shutil

import pytest
from django.db import connection

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
CHROMIUM = "/usr/bin/chromium"
# The PostgreSQL server programs (Debian's postgresql package), for tests that start their own.
PG_BINDIRS = sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)


def pg_bindir() -> str | None:
    """The newest PostgreSQL's bin directory with initdb and pg_ctl, if installed."""
    for bindir in PG_BINDIRS:
        if all(os.access(f"{bindir}/{tool}", os.X_OK) for tool in ("initdb", "pg_ctl")):
            return bindir
    return None


def _postgres_user_exists() -> bool:
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        return False
    return True


def pytest_collection_modifyitems(config, items):
    """Skip what this machine cannot run, with the reason; in CI nothing may be skipped."""
    missing = {}
    if not shutil.which(CHROMIUM):
        missing["browser"] = f"needs Debian's Chromium at {CHROMIUM} (apt-get install chromium)"
    if pg_bindir() is None:
        missing["pgcluster"] = "needs PostgreSQL's initdb and pg_ctl (apt-get install postgresql)"
    elif os.geteuid() == 0 and not (shutil.which("runuser") and _postgres_user_exists()):
        missing["pgcluster"] = "runs as root: needs runuser and a 'postgres' user for initdb"
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
    # Each test starts with an empty cache (the page cache included) and reads the content
    # version afresh.
    from django.core.cache import cache

    from wzl_site import page_cache

    cache.clear()
    page_cache._known.update(number=None, read_at=float("-inf"))
    page_cache._local.clear()
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def seed_content(db):
    from wzl_site.operations import content_load

    content_load()
