"""The search, measured on labelled queries (search/eval/): top-5 recall per kind and per engine.

``make search-eval`` (bench/search_eval.py) prints the table; tests/search/test_search_eval.py
holds the heldout figures reached. The stories are the demo's, with generated stories mixed in as
distractors (:mod:`demo.generated`), so a common word competes with hundreds of other stories.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.core.management import call_command
from django.http import QueryDict

from search.query import StoryQuery
from search.services import search_stories
from stories.models import StoryPage

QUERIES_DIR = Path(__file__).resolve().parent.parent / "search" / "eval"
KINDS = ("same", "cross", "name", "typo", "filter")
TOP = 5
DISTRACTORS = 300


@dataclass(frozen=True)
class LabelledQuery:
    q: str
    kind: str
    industries: tuple[str, ...]
    expected: frozenset[str]
    note: str


def load_queries(split: str, directory: Path = QUERIES_DIR) -> list[LabelledQuery]:
    items = []
    for line in (directory / f"{split}.jsonl").read_text(encoding="utf-8").splitlines():
        data = json.loads(line)
        items.append(
            LabelledQuery(
                q=data["q"],
                kind=data["kind"],
                industries=tuple(data.get("industries", ())),
                expected=frozenset(data["expected"]),
                note=data.get("note", ""),
            )
        )
    return items


def prepare(distractors: int = DISTRACTORS) -> None:
    """The demo content, ``distractors`` generated stories, and the database index rebuilt."""
    from demo.generated import generate
    from search.engines import database

    call_command("load_demo", force=True, verbosity=0, stdout=io.StringIO())  # throwaway data
    if distractors:
        generate(distractors, seed=20261202)
    database.rebuild()


@dataclass
class Outcome:
    query: LabelledQuery
    found: tuple[str, ...]
    also_searched: tuple[str, ...] = ()

    @property
    def recall(self) -> float:
        wanted = min(len(self.query.expected), TOP)
        return len(self.query.expected & set(self.found)) / wanted


@dataclass
class Report:
    engine: str
    translate: bool
    outcomes: list[Outcome] = field(default_factory=list)

    def recall(self, kind: str | None = None) -> float | None:
        chosen = [o.recall for o in self.outcomes if kind is None or o.query.kind == kind]
        return sum(chosen) / len(chosen) if chosen else None

    def count(self, kind: str | None = None) -> int:
        return sum(1 for o in self.outcomes if kind is None or o.query.kind == kind)

    @property
    def misses(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.recall < 1]


def run(queries: list[LabelledQuery], *, use_cluster: bool, translate: bool = True) -> Report:
    """Ask the site's search each query, as the search page and the API do, and score the top 5."""
    slugs = dict(StoryPage.objects.values_list("pk", "slug"))
    report = Report(engine="", translate=translate)
    for item in queries:
        params = QueryDict(mutable=True)
        params["q"] = item.q
        params.setlist("industry", list(item.industries))
        params["page_size"] = str(TOP)
        params["translate"] = "1" if translate else "0"
        results = search_stories(StoryQuery.from_params(params), use_cluster=use_cluster)
        report.engine = results.engine
        report.outcomes.append(
            Outcome(
                query=item,
                found=tuple(slugs.get(story.pk, "") for story in results.stories),
                also_searched=tuple(results.also_searched),
            )
        )
    return report
