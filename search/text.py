"""Text handling shared by every engine: tokens, Snowball stems and snippets.

A story's plain text comes from ``stories.body.story_text`` (re-exported here for the engines).
"""

import re
import unicodedata
from functools import lru_cache

import Stemmer
from django.utils.html import escape

from stories.body import story_text

TOKEN_RE = re.compile(r"[^\W_]+")
MAX_QUERY_TERMS = 12
SNIPPET_LENGTH = 220

_stemmers = {"id": Stemmer.Stemmer("indonesian"), "en": Stemmer.Stemmer("english")}


def fold(text: str) -> str:
    """Lower case without diacritics, as FTS5's ``unicode61 remove_diacritics 2`` sees it."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    if decomposed.isascii():  # no combining marks to drop (most stories): skip the walk
        return decomposed
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def tokens(text: str) -> list[str]:
    return TOKEN_RE.findall(fold(text))


def stem(word: str, language: str) -> str:
    """The Snowball stem of a folded word in one language ("id" or "en")."""
    return _stemmers[language].stemWord(word)


@lru_cache(maxsize=50_000)
def forms(token: str) -> tuple[str, ...]:
    """The token and its Indonesian and English stems, without repeats."""
    found = [token]
    for stemmer in _stemmers.values():
        stem = stemmer.stemWord(token)
        if stem and stem not in found:
            found.append(stem)
    return tuple(found)


def stem_bag(text: str) -> str:
    """The indexed form of a text: every word with its stems in both languages."""
    return " ".join(form for token in tokens(text) for form in forms(token))


class Highlighter:
    """Snippets for one search: :func:`highlight` with a word cache shared by every hit.

    A word's verdict (its folded form or a stem is a query term, or it starts with a prefix
    term) is worked out once per search, not once per hit. A snippet source is first read as a
    set of words in one regular-expression pass: a source with no matching word (the match was
    in the title) needs no walk at all, and otherwise the walk to the first match compares each
    word with the few words known to match, without a call per word.
    """

    def __init__(self, terms: set[str]):
        self.terms = terms
        self.prefixes = tuple(t[:-1] for t in terms if t.endswith("*"))
        self.exact = {t for t in terms if not t.endswith("*")}
        self.judged: set[str] = set()  # every word seen so far in this search
        self.matched: set[str] = set()  # those of them that match

    def is_match(self, word: str) -> bool:
        if word not in self.judged:
            folded = fold(word)
            if any(form in self.exact for form in forms(folded)) or (
                self.prefixes and folded.startswith(self.prefixes)
            ):
                self.matched.add(word)
            self.judged.add(word)
        return word in self.matched

    def __call__(self, text: str, *, length: int = SNIPPET_LENGTH) -> str:
        """An HTML-escaped excerpt of ``text`` around the first matched word, matches in
        <mark>."""
        first = None
        if self.terms:
            words = set(TOKEN_RE.findall(text))
            for word in words - self.judged:
                self.is_match(word)
            matching = words & self.matched
            if matching:
                first = next(m for m in TOKEN_RE.finditer(text) if m.group() in matching)
        start = 0
        if first is not None and first.start() > length // 3:
            start = text.rfind(" ", 0, first.start() - length // 3) + 1
        end = min(len(text), start + length)
        if end < len(text):
            space = text.rfind(" ", start, end)
            end = space if space > start else end
        parts = []
        cursor = start
        if self.terms:
            # A word cut at the excerpt's end is judged as cut, as the excerpt shows it.
            matched = self.matched
            for match in TOKEN_RE.finditer(text, start, end):
                if match.group() in matched or self.is_match(match.group()):
                    parts.append(escape(text[cursor : match.start()]))
                    parts.append(f"<mark>{escape(match.group())}</mark>")
                    cursor = match.end()
        parts.append(escape(text[cursor:end]))
        excerpt = "".join(parts).strip()
        if start > 0:
            excerpt = "… " + excerpt
        if end < len(text):
            excerpt = excerpt + " …"
        return excerpt


def highlight(text: str, terms: set[str], *, length: int = SNIPPET_LENGTH) -> str:
    """An HTML-escaped excerpt of ``text`` around the first matched word, matches in <mark>.

    A word matches when its folded form, or one of its stems, is a query term, or when it starts
    with a query prefix term (given as ``"prefix*"``). Several snippets of one search share a
    :class:`Highlighter`.
    """
    return Highlighter(terms)(text, length=length)


def snippet_source(fields: dict[str, str]) -> str:
    """The text a snippet is cut from: the summary and the body, in one line."""
    return one_line(" ".join(p for p in (fields["summary"], fields["body"]) if p))


def one_line(text: str) -> str:
    """Paragraph breaks (:func:`stories.body.body_text`) as single spaces, as a snippet shows them
    on either engine."""
    return text.replace("\n\n", " ")


__all__ = [
    "Highlighter",
    "fold",
    "forms",
    "highlight",
    "one_line",
    "snippet_source",
    "stem",
    "stem_bag",
    "story_text",
    "tokens",
]
