from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from wzl_site.operations import content_load, demo_accounts_create

DEMO_PARTNERS = ("mosaik-leipzig", "internationaler-bund-mitte")


class Command(BaseCommand):
    help = (
        "Load the Welcome Centre's content from its announcement: topics, target groups, "
        "partners and their offers, opening hours, legal pages. Running it again changes "
        "nothing and never overwrites what editors changed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo",
            action="store_true",
            help="Also create demo accounts (an editor and two partner editors). DEBUG only.",
        )

    def handle(self, *args, demo: bool = False, **options):
        if demo and not settings.DEBUG:
            raise CommandError("--demo creates accounts with printed passwords: DEBUG only.")
        report = content_load()
        self.stdout.write(
            f"Content loaded: {len(report.created)} created, {len(report.filled)} filled in."
            if report.changed
            else "Content is up to date: nothing changed."
        )
        if demo:
            self.stdout.write("Demo accounts for http://127.0.0.1:8000/admin/ :")
            for account in demo_accounts_create(partner_slugs=DEMO_PARTNERS):
                self.stdout.write(f"  {account.username} / {account.password}  ({account.role})")
