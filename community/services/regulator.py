"""The regulator's list of illegal investments: import it, and check every organisation against it.

The operator imports the list that the regulator publishes (in Indonesia, the Satgas PASTI / SWI
list of illegal investment entities) as a CSV file with ``import_regulator_list``. Each import
replaces the entries of its source at once, then checks every organisation again:

- **exact on licence numbers**: the same number once spaces, dots and dashes are left out, and a
  leading "NIB"/"SIUP"-style label is ignored;
- **fuzzy on names**: legal forms (PT, CV, Tbk…) and punctuation are left out; two names match when
  they read almost the same (``NAME_SIMILARITY``), or when the shorter one, of two words or more,
  is wholly contained in the longer one and makes up most of it.

A match never changes an organisation by itself: it is shown to the moderators in every review of
the organisation's stories and on the organisation in the admin, and written to its history.
"""

import csv
import difflib
import io
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log

from ..models import Organization, RegulatorListEntry, RegulatorMatch, RegulatorMatchKind

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 100_000
MAX_ERRORS_SHOWN = 20
NAME_SIMILARITY = 0.88
CONTAINED_SHARE = 0.6

# Column names the file may use, in English or Indonesian (case and spaces do not matter).
COLUMNS = {
    "name": ("name", "nama", "nama entitas", "entitas"),
    "licence_number": (
        "licence_number",
        "license_number",
        "licence number",
        "license number",
        "nib",
        "nomor izin",
        "no izin",
    ),
    "listed_on": ("listed_on", "listed on", "date", "tanggal", "tanggal pencantuman"),
    "note": ("note", "notes", "keterangan", "kegiatan", "activity"),
}
LIMITS = {
    "name": (300, gettext_lazy("the name")),
    "licence_number": (100, gettext_lazy("the licence number")),
    "note": (2000, gettext_lazy("the note")),
}
LEGAL_FORMS = {"pt", "cv", "tbk", "ud", "persero", "ltd", "limited", "inc", "co", "llc", "corp"}
LICENCE_LABELS = re.compile(r"^(nib|siup|siupl|izin|no|nomor|number)+", re.IGNORECASE)


class RegulatorListError(ValueError):
    """The file cannot be imported; ``errors`` says why, by line. Nothing was changed."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        shown = errors[:MAX_ERRORS_SHOWN]
        more = len(errors) - len(shown)
        text = "\n".join(shown)
        if more:
            text += "\n" + _("… and %(count)d more.") % {"count": more}
        super().__init__(text)


@dataclass
class ImportResult:
    source: str
    entries: int
    """Entries of the source after the import (rows naming the same entity twice count once)."""
    removed: int
    added: int
    matched: list[RegulatorMatch] = field(default_factory=list)
    """Every match with an entry of this source after the import, new or kept."""
    new_matches: int = 0


def name_key(name: str) -> str:
    """A name as it is compared: no accents, case, punctuation or legal form."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    words = re.findall(r"[a-z0-9]+", text)
    return " ".join(word for word in words if word not in LEGAL_FORMS)


def licence_key(number: str) -> str:
    """A licence number as it is compared: letters and digits only, without a leading label."""
    compact = re.sub(r"[^0-9a-z]", "", number.casefold())
    return LICENCE_LABELS.sub("", compact) if any(ch.isdigit() for ch in compact) else ""


def name_similarity(one: str, other: str) -> float:
    """How alike two name keys are, from 0 to 1; a contained name of two words or more counts as
    alike when it is most of the longer one."""
    if not one or not other:
        return 0.0
    if one == other:
        return 1.0
    ratio = difflib.SequenceMatcher(None, one, other).ratio()
    shorter, longer = sorted((one.split(), other.split()), key=len)
    contained = (
        len(shorter) >= 2
        and set(shorter) <= set(longer)
        and len(shorter) / len(longer) >= CONTAINED_SHARE
    )
    return max(ratio, NAME_SIMILARITY) if contained else ratio


# --- Reading the file ----------------------------------------------------------------------------


def read_list(raw: bytes) -> list[dict]:
    """The entries of a CSV file, checked; RegulatorListError lists every problem by line."""
    if len(raw) > MAX_FILE_BYTES:
        raise RegulatorListError(
            [_("The file is larger than %(mb)d MB.") % {"mb": MAX_FILE_BYTES // (1024 * 1024)}]
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise RegulatorListError(
            [
                _("The file is not UTF-8 text (byte %(at)d). Save it as CSV UTF-8.")
                % {"at": error.start}
            ]
        ) from error
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t") if sample.strip() else csv.excel
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    header = next(reader, None)
    if not header:
        raise RegulatorListError([_("The file is empty.")])
    columns = _columns(header)
    if "name" not in columns:
        raise RegulatorListError(
            [
                _("Line 1: no name column. Name one of the columns %(names)s.")
                % {"names": ", ".join(f"“{name}”" for name in COLUMNS["name"])}
            ]
        )
    rows, errors = [], []
    for line, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(rows) >= MAX_ROWS:
            errors.append(_("The file has more than %(count)d entries.") % {"count": MAX_ROWS})
            break
        row, row_errors = _row(line, cells, columns)
        errors.extend(row_errors)
        if row is not None:
            rows.append(row)
    if errors:
        raise RegulatorListError(errors)
    if not rows:
        raise RegulatorListError([_("The file has no entries.")])
    return rows


def _columns(header: list[str]) -> dict[str, int]:
    found = {}
    for index, title in enumerate(header):
        title = " ".join(title.replace("_", " ").split()).casefold()
        for column, names in COLUMNS.items():
            if column not in found and title in {n.replace("_", " ") for n in names}:
                found[column] = index
    return found


def _row(line: int, cells: list[str], columns: dict[str, int]) -> tuple[dict | None, list[str]]:
    values = {
        column: (cells[index].strip() if index < len(cells) else "")
        for column, index in columns.items()
    }
    errors = []
    if not values["name"]:
        errors.append(_("Line %(line)d: the name is empty.") % {"line": line})
    for column, (limit, label) in LIMITS.items():
        if len(values.get(column, "")) > limit:
            errors.append(
                _("Line %(line)d: %(field)s is longer than %(limit)d characters.")
                % {"line": line, "field": label, "limit": limit}
            )
    listed_on = None
    if values.get("listed_on"):
        listed_on = _date(values["listed_on"])
        if listed_on is None:
            errors.append(
                _("Line %(line)d: “%(value)s” is not a date (use 2026-11-30 or 30/11/2026).")
                % {"line": line, "value": values["listed_on"][:40]}
            )
    if errors:
        return None, errors
    return {
        "line": line,
        "name": values["name"],
        "licence_number": values.get("licence_number", ""),
        "listed_on": listed_on,
        "note": values.get("note", ""),
    }, []


def _date(value: str) -> date | None:
    for form in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return datetime.strptime(value, form).date()
        except ValueError:
            continue
    return None


# --- Importing and matching ----------------------------------------------------------------------


def import_regulator_list(raw: bytes, *, source: str, user=None) -> ImportResult:
    """Replace the entries of ``source`` with the file's, then check every organisation again.

    All or nothing: a file with any problem changes nothing (RegulatorListError).
    """
    source = source.strip()
    if not source or len(source) > 100:
        raise RegulatorListError([_("Name the list in 1 to 100 characters (--source).")])
    rows = read_list(raw)
    now = timezone.now()
    with transaction.atomic():
        # Entries still listed keep their row (and so their matches); the others go.
        kept = {
            (entry.name_key, entry.licence_key): entry
            for entry in RegulatorListEntry.objects.select_for_update().filter(source=source)
        }
        seen, new_entries, changed = set(), [], []
        for row in rows:
            key = (name_key(row["name"]), licence_key(row["licence_number"]))
            if key in seen:
                continue
            seen.add(key)
            entry = kept.get(key) or RegulatorListEntry(
                source=source, name_key=key[0], licence_key=key[1]
            )
            entry.name = row["name"]
            entry.licence_number = row["licence_number"]
            entry.listed_on = row["listed_on"]
            entry.note = row["note"]
            entry.line = row["line"]
            entry.imported_at = now
            (changed if entry.pk else new_entries).append(entry)
        gone = [entry.pk for key, entry in kept.items() if key not in seen]
        for match in RegulatorMatch.objects.filter(entry__in=gone).select_related("entry"):
            _log_match(match.organization, "terang.regulator.cleared", match, user=user)
        RegulatorListEntry.objects.filter(pk__in=gone).delete()
        RegulatorListEntry.objects.bulk_update(
            changed, ["name", "licence_number", "listed_on", "note", "line", "imported_at"], 1000
        )
        RegulatorListEntry.objects.bulk_create(new_entries, batch_size=1000)
        result = ImportResult(
            source=source, entries=len(seen), removed=len(gone), added=len(new_entries)
        )
        result.new_matches = match_organizations(Organization.objects.all(), user=user)
        result.matched = list(
            RegulatorMatch.objects.filter(entry__source=source)
            .select_related("organization", "entry")
            .order_by("organization__name", "-score")
        )
    return result


class _Index:
    """Entries by licence key and by name word, so each organisation is compared with few."""

    def __init__(self, entries):
        self.by_licence: dict[str, list[RegulatorListEntry]] = defaultdict(list)
        self.by_word: dict[str, list[RegulatorListEntry]] = defaultdict(list)
        for entry in entries:
            if entry.licence_key:
                self.by_licence[entry.licence_key].append(entry)
            for word in set(entry.name_key.split()):
                self.by_word[word].append(entry)

    def matches(
        self, organization: Organization
    ) -> dict[int, tuple[RegulatorListEntry, str, float]]:
        found = {}
        licence = licence_key(organization.business_licence_number)
        for entry in self.by_licence.get(licence, ()) if licence else ():
            found[entry.pk] = (entry, RegulatorMatchKind.LICENCE, 1.0)
        key = name_key(organization.name)
        candidates = {entry.pk: entry for word in key.split() for entry in self.by_word[word]}
        for entry in candidates.values():
            if entry.pk in found:
                continue
            score = name_similarity(key, entry.name_key)
            if score >= NAME_SIMILARITY:
                found[entry.pk] = (entry, RegulatorMatchKind.NAME, round(score, 3))
        return found


def match_organizations(organizations, *, user=None) -> int:
    """Check these organisations against every list; store the matches, drop the stale ones.

    Returns how many matches are new. Each new match is written to the organisation's history.
    """
    index = _Index(RegulatorListEntry.objects.all())
    new = 0
    for organization in organizations:
        found = index.matches(organization)
        existing = {
            match.entry_id: match
            for match in organization.regulator_matches.select_related("entry")
        }
        stale = [match for entry_id, match in existing.items() if entry_id not in found]
        for match in stale:
            _log_match(organization, "terang.regulator.cleared", match, user=user)
        RegulatorMatch.objects.filter(pk__in=[match.pk for match in stale]).delete()
        for entry_id, (entry, kind, score) in found.items():
            if entry_id in existing:
                continue
            match = RegulatorMatch.objects.create(
                organization=organization, entry=entry, kind=kind, score=score
            )
            new += 1
            _log_match(organization, "terang.regulator.match", match, user=user)
    return new


def _log_match(organization, action: str, match: RegulatorMatch, *, user) -> None:
    entry = match.entry
    log(
        instance=organization,
        action=action,
        user=user,
        data={
            "source": entry.source,
            "name": entry.name,
            "licence_number": entry.licence_number,
            "kind": match.kind,
            "score": match.score,
        },
    )
