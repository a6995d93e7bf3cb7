"""The one query interface of the site: the search page, the industry pages and the JSON API."""

import logging
import math
import re
from dataclasses import dataclass, field, replace

from django.utils.translation import gettext_lazy as _

from . import text

logger = logging.getLogger(__name__)

SORTS = ("relevance", "newest")
MAX_QUERY_LENGTH = 200
MAX_INDUSTRIES = 20
MAX_PAGE = 10_000
MAX_PAGE_SIZE = 50
DEFAULT_PAGE_SIZE = 10

PHRASE_RE = re.compile(r'"([^"]*)"')
PREFIX_RE = re.compile(r"([^\W_]+)\*")


class InvalidQuery(ValueError):
    """A parameter that the search cannot accept; the message is safe to show."""


@dataclass(frozen=True)
class Term:
    word: str
    prefix: bool = False
    # Other roots of the word that its stems miss, matched as the word itself (set by
    # search.lexicon.widen: "pengiriman" is "kirim" sent, which the stemmer makes "irim").
    roots: tuple[str, ...] = ()

    @property
    def forms(self) -> tuple[str, ...]:
        if self.prefix:
            return (self.word,)
        own = text.forms(self.word)
        if not self.roots:
            return own
        return tuple(dict.fromkeys([*own, *(f for root in self.roots for f in text.forms(root))]))


@dataclass(frozen=True)
class ParsedText:
    """Words (every one must match, in any of its forms), prefixes (``kes*``) and phrases."""

    terms: tuple[Term, ...] = ()
    phrases: tuple[tuple[str, ...], ...] = ()
    # True when a story need match only one of the terms (the relaxed retry of a translated query
    # that found nothing with every term; see search.engines).
    any_term: bool = False

    @classmethod
    def parse(cls, raw: str) -> "ParsedText":
        phrases = []
        for match in PHRASE_RE.findall(raw):
            words = tuple(text.tokens(match))[: text.MAX_QUERY_TERMS]
            if len(words) > 1:
                phrases.append(words)
            elif words:
                raw = raw + " " + words[0]
        rest = PHRASE_RE.sub(" ", raw)
        terms: list[Term] = []
        prefix_words = {text.fold(w) for w in PREFIX_RE.findall(rest)}
        for word in text.tokens(rest):
            term = Term(word, prefix=word in prefix_words)
            if term not in terms:
                terms.append(term)
        return cls(tuple(terms[: text.MAX_QUERY_TERMS]), tuple(phrases[:3]))

    def __bool__(self) -> bool:
        return bool(self.terms or self.phrases)

    def without(self, words) -> "ParsedText":
        """The same query without these words as terms (never leaving it without terms)."""
        kept = tuple(term for term in self.terms if term.prefix or term.word not in words)
        return replace(self, terms=kept) if kept else self

    def relaxed(self) -> "ParsedText | None":
        """The query with any one term enough, when it has two or more terms and no phrase."""
        if len(self.terms) < 2 or self.phrases or self.any_term:
            return None
        return replace(self, any_term=True)

    def highlight_terms(self) -> set[str]:
        found = set()
        for term in self.terms:
            if term.prefix:
                found.add(term.word + "*")
            else:
                found.update(term.forms)
        for phrase in self.phrases:
            for word in phrase:
                found.update(text.forms(word))
        return found


@dataclass(frozen=True)
class StoryQuery:
    text: str = ""
    industries: tuple[str, ...] = ()
    sort: str = "relevance"
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE
    # Add the lexicon's translations of the words typed (search.lexicon); off with translate=0.
    translate: bool = True

    @property
    def parsed(self) -> ParsedText:
        return ParsedText.parse(self.text)

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size

    @classmethod
    def from_params(cls, params, *, default_page_size: int = DEFAULT_PAGE_SIZE) -> "StoryQuery":
        """Read ``q``, ``industry`` (repeatable), ``sort``, ``page``, ``page_size`` and
        ``translate`` (``0`` searches only the words typed)."""
        raw = params.get("q", "") or ""
        if "\x00" in raw:
            raise InvalidQuery(_("The query contains a character that is not allowed."))
        if len(raw) > MAX_QUERY_LENGTH:
            raise InvalidQuery(
                _("The query is too long: at most %(limit)d characters.")
                % {"limit": MAX_QUERY_LENGTH}
            )
        industries = [s.strip() for s in params.getlist("industry") if s and s.strip()]
        if len(industries) > MAX_INDUSTRIES:
            raise InvalidQuery(
                _("Too many industries: at most %(limit)d.") % {"limit": MAX_INDUSTRIES}
            )
        if any(len(s) > 100 or "\x00" in s for s in industries):
            raise InvalidQuery(_("An industry must be an industry's slug."))
        sort = params.get("sort") or "relevance"
        if sort not in SORTS:
            raise InvalidQuery(_("Unknown sort: use relevance or newest."))
        translate = params.get("translate") or "1"
        if translate not in ("0", "1"):
            raise InvalidQuery(_("translate must be 0 or 1."))
        page = _positive_int(params.get("page"), 1, "page", MAX_PAGE)
        page_size = _positive_int(
            params.get("page_size"), default_page_size, "page_size", MAX_PAGE_SIZE
        )
        return cls(
            text=raw.strip(),
            industries=tuple(dict.fromkeys(industries)),
            sort=sort,
            page=page,
            page_size=page_size,
            translate=translate == "1",
        )


def _positive_int(value, default: int, name: str, limit: int) -> int:
    if value in (None, ""):
        return default
    if not re.fullmatch(r"[0-9]{1,9}", str(value)):
        raise InvalidQuery(
            _("%(name)s must be a whole number from 1 to %(limit)d.")
            % {"name": name, "limit": limit}
        )
    number = int(value)
    if not 1 <= number <= limit:
        raise InvalidQuery(
            _("%(name)s must be a whole number from 1 to %(limit)d.")
            % {"name": name, "limit": limit}
        )
    return number


@dataclass
class RawHit:
    page_id: int
    snippet: str = ""
    score: float = 0.0


@dataclass
class RawResults:
    """What an engine answers, before the stories are loaded."""

    hits: list[RawHit]
    count: int
    facets: dict[int, int]
    corrected: str = ""
    took_ms: float | None = None
    also_searched: list[str] = field(default_factory=list)
    relaxed: bool = False


@dataclass
class Hit:
    story: object
    snippet: str
    score: float
    industries: list = field(default_factory=list)


@dataclass
class FacetCount:
    industry: object
    count: int
    selected: bool


@dataclass
class SearchResults:
    query: StoryQuery
    hits: list[Hit]
    count: int
    engine: str
    facets: list[FacetCount] = field(default_factory=list)
    corrected: str = ""
    fallback: bool = False
    also_searched: list[str] = field(default_factory=list)
    # No story matched every word, so these match some of them (translated queries only).
    relaxed: bool = False

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.count / self.query.page_size)) if self.count else 0

    @property
    def page(self) -> int:
        return self.query.page

    @property
    def stories(self) -> list:
        return [hit.story for hit in self.hits]
