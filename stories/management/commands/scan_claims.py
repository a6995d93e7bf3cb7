import codecs
import json
import sys
from dataclasses import dataclass
from typing import IO, Any

from django.core.management.base import BaseCommand, CommandParser

from stories.scanner import LANGUAGES, detect_language, scan

MAX_INPUT_CHARS = 200_000
CHUNK_SIZE = 64 * 1024
# Part of the JSON contract (docs/contracts.md §3), read by programs as well as people: plain English,
# never translated, like the import summary.
TOO_LONG_ERROR = (
    f"Input is too long: the limit is {MAX_INPUT_CHARS:,} characters; nothing was scanned. "
    "Shorten the text or scan it in parts."
)


@dataclass(frozen=True)
class Input:
    text: str  # at most MAX_INPUT_CHARS characters: the input, or its beginning when too_long
    too_long: bool


def read_input(stream: IO[Any]) -> Input:
    """Read the input as UTF-8, replacing invalid bytes, keeping at most MAX_INPUT_CHARS + 1 characters.

    Bytes are decoded here rather than by the text layer of sys.stdin, so line endings are
    kept as sent and offsets count the characters of the input exactly as given. Past the limit
    the rest of the input is read in chunks and discarded: memory stays bounded, and the writer
    sees its whole input consumed rather than a broken pipe.
    """
    source = getattr(stream, "buffer", stream)
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    parts: list[str] = []
    count = 0
    while count <= MAX_INPUT_CHARS:
        # Never ask for more than one character past the limit (a byte decodes to at most one
        # character, plus at most three held back from the previous chunk).
        chunk = source.read(min(CHUNK_SIZE, MAX_INPUT_CHARS + 1 - count))
        piece = decoder.decode(chunk, final=not chunk) if isinstance(chunk, bytes) else chunk
        if piece:
            parts.append(piece)
            count += len(piece)
        if not chunk:
            break
    text = "".join(parts)
    if count <= MAX_INPUT_CHARS:
        return Input(text=text, too_long=False)
    while source.read(CHUNK_SIZE):
        pass
    return Input(text=text[:MAX_INPUT_CHARS], too_long=True)


class Command(BaseCommand):
    help = (
        "Scan a story's text on stdin for transparency red flags and write the result as one "
        f"JSON object on stdout. Input longer than {MAX_INPUT_CHARS:,} characters is not scanned: "
        'the object then has "flags": [] and an "error" saying so, and the exit status is still 0.'
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
        given = read_input(options.get("stdin") or sys.stdin)
        if given.too_long:
            language = options["lang"]
            if language == "auto":
                language = detect_language(given.text)
            result = {"language": language, "flags": [], "error": TOO_LONG_ERROR}
        else:
            result = scan(given.text, lang=options["lang"]).to_dict()
        self.stdout.write(json.dumps(result, ensure_ascii=False))
