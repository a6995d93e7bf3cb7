from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from community.services.regulator import (
    MAX_FILE_BYTES,
    RegulatorListError,
    import_regulator_list,
)


class Command(BaseCommand):
    help = (
        "Import a regulator's list of illegal investments (e.g. the SWI / Satgas PASTI list) from "
        "a CSV file with a header row: a name column (name or nama) and optionally the licence "
        "number (licence_number, nib, nomor izin), the date listed (listed_on, tanggal) and a "
        "note (note, keterangan). The import replaces the entries of its --source, then checks "
        "every organisation: exact on licence numbers, fuzzy on names. A file with any problem "
        "changes nothing; the problems are listed by line."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file", type=Path, help="The CSV file (UTF-8; comma, semicolon or tab)."
        )
        parser.add_argument(
            "--source",
            default="SWI",
            help="The list's name, shown to moderators; an import replaces this list only "
            "(default: SWI).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                raise CommandError(
                    f"{path}: the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB."
                )
            raw = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror or error}") from error
        try:
            result = import_regulator_list(raw, source=options["source"])
        except RegulatorListError as error:
            raise CommandError(f"{path}: nothing was imported.\n{error}") from error
        self.stdout.write(
            f"{result.source}: {result.entries} entries ({result.added} new, "
            f"{result.removed} no longer listed)."
        )
        if not result.matched:
            self.stdout.write("No organisation matches this list.")
        for match in result.matched:
            how = (
                f"same licence number {match.entry.licence_number}"
                if match.kind == "licence"
                else f"similar name, {match.score:.2f}"
            )
            self.stdout.write(f"MATCH {match.organization.name} ~ {match.entry.name} ({how})")
        self.stdout.write(f"{result.new_matches} new matches; moderators see each in its reviews.")
