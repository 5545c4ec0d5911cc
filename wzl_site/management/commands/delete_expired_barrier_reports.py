"""Delete barrier reports older than BARRIER_REPORT_RETENTION_DAYS. Run it daily (cron, a
systemd timer or the platform's scheduled job, see the README)."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from wzl_site.operations import barrier_reports_delete_expired


class Command(BaseCommand):
    help = "Delete barrier reports older than BARRIER_REPORT_RETENTION_DAYS (run it daily)."

    def handle(self, *args, **options):
        deleted = barrier_reports_delete_expired(at=timezone.now())
        self.stdout.write(
            f"Deleted {deleted} barrier report(s) older than "
            f"{settings.BARRIER_REPORT_RETENTION_DAYS} days."
        )
