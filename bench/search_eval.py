"""Search evaluation: top-5 recall on the labelled queries, per kind, per engine, with and without
the lexicon's translations.

    python bench/search_eval.py [--distractors 300] [--no-cluster] [--misses] [--worse] [--split dev]
                                [--queries FILE.jsonl] [--no-roots]

Builds a throwaway SQLite database with the demo content plus generated stories (the same setup
as bench/search.py), then asks the site's search each query of search/eval/dev.jsonl and
heldout.jsonl: first with translate=0 (only the words typed: the search as it was before the
lexicon), then as readers get it. An OpenSearch node is started from tools/opensearch/run-node.sh
(or SEARCH_URL is used) unless --no-cluster. Misses are listed for dev only; heldout is measured,
never read for tuning. ``--queries`` measures one other file of labelled queries instead (a new
blind round, once, as unseen); ``--no-roots`` measures without the Indonesian roots that widen
a meN-/peN- word (search.lexicon.indonesian_roots), for comparison.
"""

import argparse
import importlib.util
import os
import shutil
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
spec = importlib.util.spec_from_file_location("bench_search", HERE / "search.py")
bench_search = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench_search)  # sets up Django on its throwaway database

from common import fresh_database  # noqa: E402
from django.conf import settings  # noqa: E402

from demo.search_evaluation import KINDS, load_queries, prepare, run  # noqa: E402


def _cell(value):
    return f"{value:5.2f}" if value is not None else "    -"


def print_reports(split: str, reports: list) -> None:
    print(f"\n## {split} ({reports[0].count()} queries): top-5 recall")
    header = f"{'kind':<8} {'n':>3} | " + " | ".join(
        f"{r.engine[:10]:<10} {'+lex' if r.translate else 'typed':<5}" for r in reports
    )
    print(header)
    for kind in (*KINDS, None):
        row = f"{kind or 'all':<8} {reports[0].count(kind):>3} | " + " | ".join(
            f"{_cell(r.recall(kind)):<16}" for r in reports
        )
        print(row)


def print_worse(reports: list) -> None:
    """Dev's queries whose recall with the lexicon is below the words typed alone, per engine."""
    for typed, widened in zip(reports[::2], reports[1::2], strict=True):
        print(f"\n### dev queries worse with the lexicon, {widened.engine}")
        for before, after in zip(typed.outcomes, widened.outcomes, strict=True):
            if after.recall < before.recall:
                print(
                    f"- [{after.query.kind}] {after.query.q!r} {list(after.query.industries)}: "
                    f"{before.recall:.2f} -> {after.recall:.2f}; want "
                    f"{sorted(after.query.expected)}; typed {list(before.found)}; "
                    f"with the lexicon {list(after.found)} (also {list(after.also_searched)})"
                )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--distractors", type=int, default=300)
    parser.add_argument("--no-cluster", action="store_true")
    parser.add_argument("--misses", action="store_true", help="list dev's misses")
    parser.add_argument(
        "--worse",
        action="store_true",
        help="list dev's queries that the lexicon makes worse than the words typed alone",
    )
    parser.add_argument(
        "--split",
        choices=("dev", "heldout"),
        action="append",
        help="measure only this split (repeatable; default: both). Tune with --split dev.",
    )
    parser.add_argument(
        "--queries",
        type=Path,
        help="measure this file of labelled queries (JSON lines) instead of dev and heldout",
    )
    parser.add_argument(
        "--no-roots",
        action="store_true",
        help="without the Indonesian roots of meN-/peN- words (the search before they were added)",
    )
    args = parser.parse_args()
    if not 0 <= args.distractors <= 20_000:
        parser.error("--distractors must be 0..20000")

    from search import lexicon
    from search.engines import cluster

    if args.no_roots:
        lexicon.with_roots = lambda parsed: parsed
    fresh_database()  # BENCH_DATABASE_URL's PostgreSQL database is emptied, as bench/search.py does
    started = time.perf_counter()
    prepare(args.distractors)
    print(
        f"demo content + {args.distractors} generated stories in {time.perf_counter() - started:.0f} s"
    )

    node = None
    engines = [False]
    node_url = os.environ.get("SEARCH_URL", "")
    if not node_url and not args.no_cluster:
        if shutil.which("java") and shutil.which("mvn"):
            node = bench_search.Node()
            node.start()
            node_url = f"opensearch://127.0.0.1:{node.port}"
        else:
            print("OpenSearch skipped: java or mvn not installed")
    try:
        if node_url:
            settings.SEARCH_URL = node_url
            settings.SEARCH_INDEX_PREFIX = "searcheval"
            cluster.breaker.reset()
            cluster.rebuild()
            engines.append(True)
        splits = [args.queries.stem] if args.queries else args.split or ("dev", "heldout")
        for split in splits:
            if args.queries:
                queries = load_queries(args.queries.stem, args.queries.resolve().parent)
            else:
                queries = load_queries(split)
            reports = [
                run(queries, use_cluster=use_cluster, translate=translate)
                for use_cluster in engines
                for translate in (False, True)
            ]
            print_reports(split, reports)
            if split == "dev" and args.worse:
                print_worse(reports)
            if split == "dev" and args.misses:
                for report in reports:
                    if not report.translate:
                        continue
                    print(f"\n### dev misses, {report.engine} with the lexicon")
                    for outcome in report.misses:
                        print(
                            f"- [{outcome.query.kind}] {outcome.query.q!r}: recall "
                            f"{outcome.recall:.2f}; want {sorted(outcome.query.expected)}; "
                            f"got {list(outcome.found)}; also searched "
                            f"{list(outcome.also_searched)}"
                        )
    finally:
        if node:
            node.stop()
        shutil.rmtree(bench_search.WORKDIR, ignore_errors=True)


if __name__ == "__main__":
    main()
