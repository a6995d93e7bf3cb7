"""The scanner's labelled corpus is well formed, big enough, and its held-out half never changes.

These tests read only the corpus files; they do not run the scanner.
"""

import hashlib
import json
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[2] / "stories" / "scanner" / "corpus"
DEV = CORPUS / "dev.jsonl"
HELDOUT = CORPUS / "heldout.jsonl"

# Computed once, right after the split. heldout.jsonl must never change: no edits, no
# relabelling, no appended lines. New or corrected texts go to dev.jsonl.
HELDOUT_SHA256 = "3cb066d0a6eeb62b543c4a8a425694b4a060c0cc29d92446a15a8294eb5e9414"

FIELDS = {"text", "lang", "expected", "note"}
LANGS = {"id", "en"}
HIGH = ("guaranteed_income", "fixed_return", "recruitment_earnings", "no_selling_needed")
MEDIUM = ("unrealistic_timeframe", "upfront_fee", "pressure_tactics")
LOW = ("income_claim",)
CODES = set(HIGH + MEDIUM + LOW)

MIN_TOTAL = 600
MIN_CLEAN = 200
MIN_POSITIVES = {**dict.fromkeys(HIGH, 40), **dict.fromkeys(MEDIUM, 30), "income_claim": 40}
MIN_HELDOUT_HIGH = 15


def _load(path):
    rows = []
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            rows.append((number, line))
    return rows


def _items(path):
    return [json.loads(line) for _, line in _load(path)]


def _normalise(text):
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip().casefold()


@pytest.fixture(scope="module")
def dev():
    return _items(DEV)


@pytest.fixture(scope="module")
def heldout():
    return _items(HELDOUT)


@pytest.mark.parametrize("path", [DEV, HELDOUT], ids=["dev", "heldout"])
def test_every_line_is_a_well_formed_item(path):
    raw = path.read_bytes()
    assert raw.endswith(b"\n"), f"{path.name} must end with a newline"
    assert b"\r" not in raw, f"{path.name} must use LF line endings"
    for number, line in _load(path):
        where = f"{path.name}:{number}"
        assert line.strip(), f"{where}: blank line"
        item = json.loads(line)
        assert isinstance(item, dict), where
        assert set(item) == FIELDS, f"{where}: fields must be exactly {sorted(FIELDS)}"
        assert isinstance(item["text"], str) and item["text"].strip(), f"{where}: empty text"
        assert item["lang"] in LANGS, f"{where}: lang {item['lang']!r}"
        expected = item["expected"]
        assert isinstance(expected, list), f"{where}: expected must be a list"
        assert set(expected) <= CODES, f"{where}: unknown codes {set(expected) - CODES}"
        assert expected == sorted(set(expected)), f"{where}: expected must be sorted, unique"
        assert isinstance(item["note"], str) and item["note"].strip(), f"{where}: empty note"


def test_no_duplicate_texts_within_or_across_files():
    seen = {}
    for path in (DEV, HELDOUT):
        for number, line in _load(path):
            key = _normalise(json.loads(line)["text"])
            where = f"{path.name}:{number}"
            assert key not in seen, f"{where} duplicates {seen[key]}"
            seen[key] = where


def test_corpus_meets_the_minimum_counts(dev, heldout):
    items = dev + heldout
    assert len(items) >= MIN_TOTAL
    assert sum(not item["expected"] for item in items) >= MIN_CLEAN
    positives = Counter(code for item in items for code in item["expected"])
    for code, minimum in MIN_POSITIVES.items():
        assert positives[code] >= minimum, f"{code}: {positives[code]} < {minimum}"
    share_id = sum(item["lang"] == "id" for item in items) / len(items)
    assert 0.55 <= share_id <= 0.65, f"Indonesian share {share_id:.2f}"


def test_heldout_is_big_enough_and_stratified(heldout):
    # Invariants of heldout alone, so that dev may grow without breaking them.
    assert len(heldout) >= 0.35 * MIN_TOTAL
    positives = Counter(code for item in heldout for code in item["expected"])
    for code in HIGH:
        assert positives[code] >= MIN_HELDOUT_HIGH, f"heldout {code}: {positives[code]}"
    for code in MEDIUM + LOW:
        assert positives[code] >= 10, f"heldout {code}: {positives[code]}"
    clean_share = sum(not item["expected"] for item in heldout) / len(heldout)
    assert 0.30 <= clean_share <= 0.50, f"heldout clean share {clean_share:.2f}"
    share_id = sum(item["lang"] == "id" for item in heldout) / len(heldout)
    assert 0.55 <= share_id <= 0.65, f"heldout Indonesian share {share_id:.2f}"


def test_heldout_never_changes():
    digest = hashlib.sha256(HELDOUT.read_bytes()).hexdigest()
    assert digest == HELDOUT_SHA256, (
        "stories/scanner/corpus/heldout.jsonl has changed. The held-out corpus is written once "
        "by split.py and must never change (no edits, relabelling or appended lines), or it "
        "stops measuring the scanner on text its authors never saw. Put new or corrected texts "
        "in dev.jsonl and restore heldout.jsonl from git."
    )
