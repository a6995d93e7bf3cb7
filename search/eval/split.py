"""Split the pool of labelled search queries once into dev.jsonl and heldout.jsonl (stdlib only).

    python search/eval/split.py POOL.jsonl

Run once, on 2026-12-02; it refuses to run again when heldout.jsonl exists. Queries are put in a
neutral order (SHA-256 of each line's query and kind), shuffled with a fixed seed, and within each
kind every third-and-a-bit goes to heldout, so both parts hold every kind in proportion.
"""

import hashlib
import json
import random
import sys
from pathlib import Path

SEED = 20261202
FRACTION = 0.4
HERE = Path(__file__).resolve().parent


def main(pool_path: str) -> None:
    if (HERE / "heldout.jsonl").exists():
        sys.exit("heldout.jsonl exists: the split is made once and never again")
    items = [json.loads(line) for line in Path(pool_path).read_text(encoding="utf-8").splitlines()]
    items.sort(key=lambda item: hashlib.sha256(f"{item['kind']}\n{item['q']}".encode()).hexdigest())
    random.Random(SEED).shuffle(items)  # noqa: S311 (a reproducible split, not a secret)
    dev, heldout = [], []
    by_kind: dict[str, list[dict]] = {}
    for item in items:
        by_kind.setdefault(item["kind"], []).append(item)
    for _kind, group in sorted(by_kind.items()):
        cut = round(len(group) * FRACTION)
        heldout.extend(group[:cut])
        dev.extend(group[cut:])
    for name, part in (("dev", dev), ("heldout", heldout)):
        with (HERE / f"{name}.jsonl").open("w", encoding="utf-8", newline="\n") as out:
            for item in part:
                out.write(json.dumps(item, ensure_ascii=False) + "\n")
        kinds = {k: sum(1 for i in part if i["kind"] == k) for k in sorted(by_kind)}
        print(name, len(part), kinds)


if __name__ == "__main__":
    main(sys.argv[1])
