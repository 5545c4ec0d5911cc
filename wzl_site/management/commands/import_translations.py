from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from wzl_site.xliff import MAX_FILE_BYTES, TranslationFileRefused, xliff_import


class Command(BaseCommand):
    help = (
        "Import a translated XLIFF 1.2 file made by export_translations. The file is imported "
        "completely or not at all: every problem is listed, and nothing of a file with a "
        "problem is written. Imported texts are marked as not reviewed."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The translated file.")

    def handle(self, *args, file: str, **options):
        path = Path(file)
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                raise CommandError(
                    f"{file}: larger than {MAX_FILE_BYTES // (1024 * 1024)} MB; split it."
                )
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror}") from error
        try:
            report = xliff_import(data=data, reason=f"Imported translations from {path.name}")
        except TranslationFileRefused as refused:
            problems = "\n".join(f"  {problem}" for problem in refused.problems)
            raise CommandError(
                f"{file} was not imported; nothing was written. "
                f"Problems ({len(refused.problems)}):\n{problems}"
            ) from None
        self.stdout.write(
            f"Texts imported into {', '.join(report.languages)}, marked as not reviewed: "
            f"{report.imported}. Units without a translation, skipped: {report.skipped}."
        )
