import json
import sys
from typing import IO, Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from stories.scanner import LANGUAGES, scan

MAX_INPUT_CHARS = 200_000
MAX_UTF8_BYTES_PER_CHAR = 4


def read_text(stream: IO[Any]) -> str:
    """Read the input as UTF-8, replacing invalid bytes; refuse more than MAX_INPUT_CHARS.

    Bytes are decoded here rather than by the text layer of sys.stdin, so line endings are
    kept as sent and offsets count the characters of the input exactly as given.
    """
    source = getattr(stream, "buffer", stream)
    # No UTF-8 character is longer than 4 bytes, so this reads one character past the limit.
    data = source.read(MAX_INPUT_CHARS * MAX_UTF8_BYTES_PER_CHAR + 1)
    text = data.decode("utf-8", errors="replace") if isinstance(data, bytes) else data
    if len(text) > MAX_INPUT_CHARS:
        raise CommandError(
            f"Input is too long: the limit is {MAX_INPUT_CHARS:,} characters. "
            "Shorten the text or scan it in parts."
        )
    return text


class Command(BaseCommand):
    help = (
        "Scan a story's text on stdin for transparency red flags and write the result as one "
        "JSON object on stdout."
    )
    requires_system_checks: list[str] = []
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--lang",
            choices=[*LANGUAGES, "auto"],
            default="auto",
            help="Language of the text; 'auto' (the default) detects it.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        text = read_text(options.get("stdin") or sys.stdin)
        result = scan(text, lang=options["lang"])
        self.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False))
