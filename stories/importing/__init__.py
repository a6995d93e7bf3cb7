"""Story import from JSON Lines: the service behind ``manage.py import_stories`` (docs/contracts.md §1).

Each line is decoded, parsed and checked by ``validate_story`` (pure, no database), then saved by
``save_story`` in its own transaction: a line either lands completely or not at all.

Decisions the contract leaves open:
- Stories are keyed by (source, external_id); the default source is "import".
- Without ``publish`` the story is saved as a draft revision and submitted to the page's review
  workflow; ``published_at`` is then ignored (moderators publish, and the date is the day they do).
  A story still waiting for changes is resubmitted; one already in review restarts its review, so
  the moderators check the content that was imported last.
- With ``publish`` the story is published through ``Revision.publish`` (audit log, signals, search
  upkeep) and marked "reviewed" with a note that it was verified before it moved to Terang.
  ``published_at`` becomes its first and last published date, stored at noon in the site's time
  zone so the calendar date reads the same in UTC and in local time.
- Re-importing content identical to the story's latest version changes nothing (no new revision,
  no restarted review) but still counts as updated, so running the same file twice is harmless.
- The importing account is the ``user`` given, or else the system account "importer", which is
  created inactive and without a usable password so nobody can log in with it.
"""

from .save import (
    DEFAULT_SOURCE,
    IMPORT_LOG_ACTION,
    MAX_SOURCE_LENGTH,
    REPORT_NOTE,
    SYSTEM_USERNAME,
    ImportOptions,
    ImportReport,
    ImportSetupError,
    LineRejection,
    Outcome,
    import_line,
    import_stories,
    importer_account,
    save_story,
)
from .validate import (
    MAX_BODY_LENGTH,
    MAX_CLAIM_TEXT_LENGTH,
    MAX_CLAIMS,
    MAX_EXTERNAL_ID_LENGTH,
    MAX_INDUSTRIES,
    MAX_INDUSTRY_LENGTH,
    MAX_LINE_BYTES,
    MAX_NAME_LENGTH,
    MAX_SUMMARY_LENGTH,
    MAX_TITLE_LENGTH,
    ClaimRecord,
    FieldError,
    LineRejected,
    StoryRecord,
    decode_line,
    parse_json,
    read_lines,
    validate_story,
)

__all__ = [
    "DEFAULT_SOURCE",
    "IMPORT_LOG_ACTION",
    "MAX_BODY_LENGTH",
    "MAX_CLAIMS",
    "MAX_CLAIM_TEXT_LENGTH",
    "MAX_EXTERNAL_ID_LENGTH",
    "MAX_INDUSTRIES",
    "MAX_INDUSTRY_LENGTH",
    "MAX_LINE_BYTES",
    "MAX_NAME_LENGTH",
    "MAX_SOURCE_LENGTH",
    "MAX_SUMMARY_LENGTH",
    "MAX_TITLE_LENGTH",
    "REPORT_NOTE",
    "SYSTEM_USERNAME",
    "ClaimRecord",
    "FieldError",
    "ImportOptions",
    "ImportReport",
    "ImportSetupError",
    "LineRejected",
    "LineRejection",
    "Outcome",
    "StoryRecord",
    "decode_line",
    "import_line",
    "import_stories",
    "importer_account",
    "parse_json",
    "read_lines",
    "save_story",
    "validate_story",
]
