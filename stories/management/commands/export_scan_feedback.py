import datetime
import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from stories.models import ScanFeedback
from stories.scanner.feedback import append_to_dev, corpus_items


class Command(BaseCommand):
    help = (
        "Write moderators' corrections of the red-flag scanner as JSON lines in the corpus format "
        "(stories/scanner/corpus/README.md): one line per corrected passage, with names, phone "
        "numbers, e-mail addresses and account numbers masked. By default to stdout; with "
        "--append-to dev, appended to dev.jsonl (texts already in the corpus are skipped). "
        "Corrections never go to heldout.jsonl."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--since",
            type=datetime.date.fromisoformat,
            help="Only corrections made on or after this date (YYYY-MM-DD).",
        )
        parser.add_argument(
            "--append-to",
            choices=["dev"],
            help="Append the new lines to stories/scanner/corpus/dev.jsonl instead of printing "
            "them. Only dev: heldout.jsonl never changes.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        feedback = ScanFeedback.objects.select_related("story__owner", "moderator").order_by(
            "created_at", "pk"
        )
        if options["since"]:
            feedback = feedback.filter(created_at__date__gte=options["since"])
        items = corpus_items(feedback)
        if options["append_to"] == "dev":
            added = append_to_dev(items)
            self.stderr.write(f"{added} of {len(items)} passages appended to dev.jsonl.")
            return
        if options["append_to"]:
            raise CommandError("Corrections go to dev only.")
        out = self.stdout if options.get("stdout") else sys.stdout
        for item in items:
            out.write(json.dumps(item, ensure_ascii=False))
