"""Split the labelled pool once into dev.jsonl and heldout.jsonl.

Usage (run once, from anywhere):

    python stories/scanner/corpus/split.py /path/to/pool.jsonl

Pure standard library and deterministic: the same pool always gives the same split, whatever
order its lines are in. Items are first put in a neutral order (by the SHA-256 of their text),
shuffled with a fixed seed, and then assigned by iterative stratification (Sechidis, Tsoumakas &
Vlahavas, 2011) over labels of the form "<lang>:<code>" and "<lang>:clean": the rarest label is
served first, and each of its items goes to the split that still wants the most of that label.
That keeps every code in each language, and the clean texts, near FRACTION of their count in
heldout.

The script refuses to run if heldout.jsonl already exists: heldout is written once and never
changes afterwards (dev may grow; see README.md).
"""

from __future__ import annotations

import hashlib
import json
import random
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEV = HERE / "dev.jsonl"
HELDOUT = HERE / "heldout.jsonl"

SEED = 20260301
FRACTION = 0.37  # share of the pool that goes to heldout

CODES = (
    "guaranteed_income",
    "fixed_return",
    "recruitment_earnings",
    "no_selling_needed",
    "unrealistic_timeframe",
    "upfront_fee",
    "pressure_tactics",
    "income_claim",
)
HIGH = CODES[:4]
LANGS = ("id", "en")
FIELDS = ("text", "lang", "expected", "note")
MIN_HELDOUT_HIGH = 15


def labels(item: dict) -> list[str]:
    if not item["expected"]:
        return [f"{item['lang']}:clean"]
    return [f"{item['lang']}:{code}" for code in item["expected"]]


def load(path: Path) -> list[dict]:
    items = []
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            item = json.loads(line)
            if tuple(item) != FIELDS:
                raise SystemExit(f"line {number}: fields must be exactly {FIELDS}")
            if item["lang"] not in LANGS:
                raise SystemExit(f"line {number}: bad lang {item['lang']!r}")
            if item["expected"] != sorted(set(item["expected"])) or not set(
                item["expected"]
            ) <= set(CODES):
                raise SystemExit(f"line {number}: expected must be sorted, unique, valid codes")
            items.append(item)
    texts = [i["text"] for i in items]
    if len(set(texts)) != len(texts):
        raise SystemExit("duplicate texts in pool")
    return items


def split(items: list[dict]) -> tuple[list[dict], list[dict]]:
    order = sorted(items, key=lambda i: hashlib.sha256(i["text"].encode("utf-8")).hexdigest())
    rng = random.Random(SEED)  # noqa: S311 (a reproducible shuffle, not a secret)
    rng.shuffle(order)

    totals = Counter(label for item in order for label in labels(item))
    # wanted[s][label]: how many more items with that label split s would like (0 = heldout).
    wanted = [
        {label: FRACTION * n for label, n in totals.items()},
        {label: (1 - FRACTION) * n for label, n in totals.items()},
    ]
    size_wanted = [FRACTION * len(order), (1 - FRACTION) * len(order)]
    assigned: dict[int, int] = {}

    remaining = list(range(len(order)))
    while remaining:
        left = Counter(label for idx in remaining for label in labels(order[idx]))
        rarest = min(left, key=lambda label: (left[label], label))
        for idx in [i for i in remaining if rarest in labels(order[i])]:
            item_labels = labels(order[idx])
            scores = [(wanted[s][rarest], size_wanted[s], rng.random()) for s in (0, 1)]
            target = 0 if scores[0] > scores[1] else 1
            assigned[idx] = target
            for label in item_labels:
                wanted[target][label] -= 1
            size_wanted[target] -= 1
        remaining = [i for i in remaining if i not in assigned]

    heldout = [order[i] for i in sorted(assigned) if assigned[i] == 0]
    dev = [order[i] for i in sorted(assigned) if assigned[i] == 1]
    return dev, heldout


def check(dev: list[dict], heldout: list[dict]) -> None:
    share = len(heldout) / (len(dev) + len(heldout))
    if not 0.35 <= share <= 0.40:
        raise SystemExit(f"heldout share {share:.3f} outside 0.35-0.40")
    for code in HIGH:
        n = sum(code in item["expected"] for item in heldout)
        if n < MIN_HELDOUT_HIGH:
            raise SystemExit(f"heldout has only {n} positives for {code}")


def write(path: Path, items: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        for item in items:
            fh.write(json.dumps({k: item[k] for k in FIELDS}, ensure_ascii=False) + "\n")


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__)
        return 2
    if HELDOUT.exists():
        print(f"{HELDOUT} already exists; heldout is split once and never rewritten.")
        return 1
    dev, heldout = split(load(Path(argv[1])))
    check(dev, heldout)
    write(DEV, dev)
    write(HELDOUT, heldout)
    print(f"dev: {len(dev)}  heldout: {len(heldout)}")
    print("heldout sha256:", hashlib.sha256(HELDOUT.read_bytes()).hexdigest())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
