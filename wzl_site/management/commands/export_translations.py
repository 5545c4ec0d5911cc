from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from wzl_site.translation_status import State, target_languages
from wzl_site.xliff import EXPORTED_STATES, xliff_export


class Command(BaseCommand):
    help = (
        "Write the missing and outdated texts of one language as an XLIFF 1.2 file for a "
        "translation agency: the German text as source, the current translation, if any, as "
        "target. Import the translated file with import_translations."
    )

    def add_arguments(self, parser):
        parser.add_argument("language", help=f"One of: {', '.join(target_languages())}.")
        parser.add_argument("file", help="The file to write; - for standard output.")
        parser.add_argument(
            "--include-unreviewed",
            action="store_true",
            help="Also export the translations nobody has reviewed yet.",
        )

    def handle(self, *args, language: str, file: str, include_unreviewed: bool, **options):
        if language not in target_languages():
            raise CommandError(
                f"{language!r} is not a language to translate into: "
                f"{', '.join(target_languages())}."
            )
        states = (*EXPORTED_STATES, State.NOT_REVIEWED) if include_unreviewed else EXPORTED_STATES
        data, count = xliff_export(language=language, states=states)
        if file == "-":
            self.stdout.write(data.decode(), ending="")
            return
        Path(file).write_bytes(data)
        self.stdout.write(f"Texts to translate into {language}: {count}; written to {file}.")
