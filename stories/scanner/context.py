"""Decide whether a candidate flag stands, from the words around it.

A candidate is cancelled when

- it is a **typical-results figure cited from a disclosure** (an ``income_claim`` in a sentence
  with a ``DISCLOSURE`` word such as "laporan penghasilan" or "median", and no ``PERSONAL`` word
  such as "saya" or "my");
- it stands in a sentence that **warns** against it (``WARNING``: "waspada", "ciri-ciri",
  "red flag", "scam"), or in a clause that tells of **someone else's words** (``REPORT``:
  "katanya", "ditawari", "told me") or of a **finished situation** (``OVER``: "dulu", "used to"),
  before it — unless its own clause makes an **offer** (``OFFER``: "di sini", "join", "we pay");
- it is **quoted** ("…" or '…') near such a word, unless the writer **endorses** the quote
  (``ENDORSE``: "dan benar", "it works");
- it is inside a quote the writer **names** as a thing (``MENTION`` before it: "the 'limited time
  offer'", ``MENTION_AFTER`` after it: "aplikasi '…' itu") in a text that keeps its distance
  somewhere (a ``WARNING``, ``REPORT``, ``OVER`` or ``REJECTED`` word), unless its sentence
  makes an offer outside the quote or the writer endorses it;
- the text ends by asking whether it is legitimate (``QUESTION``: "Ini legit tidak ya?", "Is this
  legit?") and offers nothing: the sentence before the question is framed by it;
- it is a **deadline with an ordinary reason** or a second chance (``pressure_tactics`` with
  ``REASON`` later in its sentence, or ``GRACE`` in the text), when nothing names scarcity
  (``SCARCE``) and nothing hurries the reader (``HURRY``);
- the whole text is a warning (two or more ``WARNING`` words in different sentences) and its
  sentence makes no offer. A warning that its sentence turns away from ("tapi", "but"), or that
  the next sentence opens by turning from to the writer's own thing (``TURN``: "Ours is real.",
  "None of that here.", "The original …"), is a concession: it makes no warning text.

A framing word never cancels a flag on its own: it must stand in the flag's sentence or clause
(or next to the quote), and a framing word that is itself denied ("bukan penipuan", "not a
scam", "gak janji") is no framing at all: a denial followed by the claim is the classic disguise.
Each flag that stands says why (the ``reasons`` of the language file).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .normalise import Document

if TYPE_CHECKING:
    from .lexicon import Occurrence
    from .ruleset import RuleSet

WARNING = "WARNING"
OVER = "OVER"
REPORT = "REPORT"
ENDORSE = "ENDORSE"
OFFER = "OFFER"
DISCLOSURE = "DISCLOSURE"
PERSONAL = "PERSONAL"
DENY = "DENY"
OWN = "OWN"
REJECTED = "REJECTED"
BACK = "BACK"
MENTION = "MENTION"
MENTION_AFTER = "MENTION_AFTER"
QUESTION = "QUESTION"
REASON = "REASON"
GRACE = "GRACE"
SCARCE = "SCARCE"
HURRY = "HURRY"
TURN = "TURN"
GROUPS = (
    WARNING,
    OVER,
    REPORT,
    ENDORSE,
    OFFER,
    DISCLOSURE,
    PERSONAL,
    DENY,
    OWN,
    REJECTED,
    BACK,
    MENTION,
    MENTION_AFTER,
    QUESTION,
    REASON,
    GRACE,
    SCARCE,
    HURRY,
    TURN,
)
# Words that change the framing word after them, or name a quote: not framing words themselves.
_MARKERS = (DENY, OWN, BACK, MENTION, MENTION_AFTER, REASON, GRACE, SCARCE, HURRY, TURN)
REASONS = ("plain", "offer", "denial", "other_clause", "endorsed", "personal")
DISCLOSURE_CODES = frozenset({"income_claim", "fixed_return"})
PRESSURE_CODE = "pressure_tactics"
_DENIAL_REACH = 4  # a denial this many words before a framing word (in its clause) denies it
_OWN_REACH = 1  # "saya bilang", "I said": the writer's own words are no report
_BACK_REACH = 7  # "That's not a business, that's a Ponzi.": a warning this close to an opening BACK
_MENTION_REACH = 2  # "the $300 'activation package'": a MENTION word this close before a quote
_TURN_REACH = 2  # "Scams everywhere. That's why I only use …": a TURN this close to the opening


@dataclass(frozen=True, slots=True)
class Verdict:
    cancelled: bool
    reason: str


@dataclass(frozen=True, slots=True)
class _Cue:
    group: str
    first: int  # token range
    last: int
    sentence: int
    clause: int
    words: str


class Frame:
    """The framing words of one document, ready to judge each candidate in it."""

    def __init__(
        self, document: Document, tags: Mapping[str, Sequence[Occurrence]], ruleset: RuleSet
    ) -> None:
        self.document = document
        self.tags = tags
        self._sentences_with: dict[str, frozenset[int]] = {}
        self.reasons: Mapping[str, str] = ruleset.reasons
        forms, sentence_of, clause_of = document.forms, document.sentence_of, document.clause_of
        self.cues: dict[str, list[_Cue]] = {group: [] for group in GROUPS}
        self.denials: list[_Cue] = []
        self.deny_tokens = {
            index for first, last in tags.get(DENY, ()) for index in range(first, last)
        }
        self.own_tokens = {
            index for first, last in tags.get(OWN, ()) for index in range(first, last)
        }
        self.breakers = [
            index for index, form in enumerate(forms) if form in ruleset.clause_breakers
        ]
        sentence_starts: dict[int, int] = {}
        for index, number in enumerate(sentence_of):
            sentence_starts.setdefault(number, index)
        # A sentence that opens by turning to the writer's own thing ("Ours is real.", "None of
        # that here.", "That's why I only use …"): the warning before it is a concession.
        self.turn_sentences = {
            sentence_of[first]
            for first, _ in tags.get(TURN, ())
            if first - sentence_starts[sentence_of[first]] <= _TURN_REACH
        }
        for group in GROUPS:
            if group in _MARKERS:
                continue
            for first, last in tags.get(group, ()):
                cue = _Cue(
                    group=group,
                    first=first,
                    last=last,
                    sentence=sentence_of[first],
                    clause=clause_of[first],
                    words=" ".join(forms[first:last]),
                )
                if group in (WARNING, REPORT, OVER, REJECTED) and self._before(
                    first, self.deny_tokens, _DENIAL_REACH
                ):
                    self.denials.append(cue)
                elif group == REPORT and self._before(first, self.own_tokens, _OWN_REACH):
                    continue
                else:
                    self.cues[group].append(cue)
        self.denials_by_sentence: dict[int, list[_Cue]] = {}
        for cue in self.denials:
            self.denials_by_sentence.setdefault(cue.sentence, []).append(cue)
        self.by_sentence: dict[str, dict[int, list[_Cue]]] = {group: {} for group in GROUPS}
        for group, cues in self.cues.items():
            for cue in cues:
                self.by_sentence[group].setdefault(cue.sentence, []).append(cue)
        # A text that warns throughout: its first sentence (a title, a lead) warns, or a third of
        # its sentences do; or it tells of a scheme rejected or collapsed, and offers nothing.
        # A warning its own sentence turns away from ("ada yang bilang bodong, tapi di sini
        # beda") is a concession, not a warning: it does not make the text one.
        warning_sentences = {
            cue.sentence for cue in self.cues[WARNING] if not self._turned_later(cue.first)
        }
        sentences = len(set(sentence_of))
        self.warning_text = bool(warning_sentences) and (
            min(warning_sentences) == min(sentence_of, default=0)
            or len(warning_sentences) >= max(2, sentences / 3)
        )
        if self.cues[REJECTED] and not self.cues[OFFER]:
            self.warning_text = True
        # "Pays 60% on enrollment. That's a recruitment scheme.": a sentence that opens by
        # pointing back ("that's", "itu") and warns at once frames the sentence before it.
        back_openings = {
            first for first, _ in tags.get(BACK, ()) if sentence_starts[sentence_of[first]] == first
        }
        self.warned_by_next = {
            cue.sentence - 1
            for cue in self.cues[WARNING]
            if sentence_starts[cue.sentence] in back_openings
            and cue.first - sentence_starts[cue.sentence] <= _BACK_REACH
        }
        # "…, per orang dibayar 50rb. Ini legit tidak ya?": a text that ends by asking whether
        # what it told is legitimate, and offers nothing, frames the sentence before the question.
        last_sentence = max(sentence_of, default=0)
        if not self.cues[OFFER]:
            self.warned_by_next |= {
                cue.sentence - 1
                for cue in self.cues[QUESTION]
                if cue.sentence == last_sentence
                and cue.first - sentence_starts[cue.sentence] <= _BACK_REACH
            }
        # A named quote is the writer's mention only in a text that keeps its distance somewhere
        # (a warning, someone else's words, a finished or rejected scheme).
        self.distanced = any(self.cues[group] for group in (WARNING, REPORT, OVER, REJECTED))
        # "the 'limited time only'", "aplikasi 'nonton video dibayar' itu": a quote named as a
        # thing is mentioned, not claimed.
        self.mention_ends = {last - 1 for _, last in tags.get(MENTION, ())}
        self.mention_after_starts = {first for first, _ in tags.get(MENTION_AFTER, ())}
        # A deadline with an ordinary reason or a second chance is no pressure, unless the text
        # hurries the reader anywhere or the reason is scarcity itself ("karena kuota terbatas").
        self.hurried = bool(tags.get(HURRY))
        self.graced = bool(tags.get(GRACE))
        self.reasons_at = sorted(first for first, _ in tags.get(REASON, ()))
        self.scarce_at = sorted(first for first, _ in tags.get(SCARCE, ()))
        self.negations: dict[int, list[int]] = {}
        negation_words = ruleset.negation_words
        for index, form in enumerate(forms):
            if form in negation_words:
                self.negations.setdefault(sentence_of[index], []).append(index)

    def sentences_with(self, group: str) -> frozenset[int]:
        """The sentences in which a word of a lexicon group occurs."""
        if group not in self._sentences_with:
            sentence_of = self.document.sentence_of
            self._sentences_with[group] = frozenset(
                sentence_of[first] for first, _ in self.tags.get(group, ())
            )
        return self._sentences_with[group]

    def _before(self, first: int, marked: set[int], reach: int) -> bool:
        """Whether a marked word stands at most ``reach`` words before ``first``, same clause."""
        clause_of = self.document.clause_of
        for index in range(first - 1, max(-1, first - 1 - reach), -1):
            if clause_of[index] != clause_of[first]:
                return False
            if index in marked:
                return True
        return False

    def _turned_later(self, first: int) -> bool:
        """Whether a word like "tapi"/"but" follows ``first`` in its sentence, or opens the next;
        or the next sentence opens by turning to the writer's own thing (``TURN``)."""
        sentence_of = self.document.sentence_of
        if sentence_of[first] + 1 in self.turn_sentences:
            return True
        index = bisect_left(self.breakers, first + 1)
        if index == len(self.breakers):
            return False
        breaker = self.breakers[index]
        sentence = sentence_of[first]
        return sentence_of[breaker] == sentence or (
            sentence_of[breaker] == sentence + 1 and sentence_of[breaker - 1] == sentence
        )

    def _named_quote(self, start: int, end: int) -> tuple[int, int] | None:
        """The quoted passage holding ``[start, end)`` if a ``MENTION`` word stands just before it
        ("the 'sponsor bonus'") or a ``MENTION_AFTER`` word just after it, in its sentence."""
        document = self.document
        index = bisect_left(document.quotes, (start + 1,)) - 1
        if index < 0:
            return None
        low, high = document.quotes[index]
        if not (low <= start and end <= high):
            return None
        inside = bisect_left(document.token_starts, low)
        after = bisect_left(document.token_starts, high)
        if inside >= document.size:
            return None
        sentence_of = document.sentence_of
        for before in range(inside - 1, max(-1, inside - 1 - _MENTION_REACH), -1):
            if sentence_of[before] != sentence_of[inside]:
                break
            if before in self.mention_ends:
                return low, high
        if (
            after < document.size
            and after in self.mention_after_starts
            and sentence_of[after] == sentence_of[inside]
        ):
            return low, high
        return None

    def _calm_deadline(self, first: int, last: int) -> str:
        """Why a deadline at tokens ``first..last`` is no pressure ("" if it may be): the text
        gives a second chance (``GRACE``) and names no scarcity (``SCARCE``), or its sentence
        goes on to give a reason (``REASON``) and names no scarcity; and nothing hurries
        (``HURRY``)."""
        if self.hurried:
            return ""
        if self.graced and not self.scarce_at:
            return "a deadline with a second chance"
        sentence_of = self.document.sentence_of
        sentence = sentence_of[first]
        index = bisect_left(self.reasons_at, last + 1)
        if index == len(self.reasons_at) or sentence_of[self.reasons_at[index]] != sentence:
            return ""
        if any(sentence_of[scarce] == sentence for scarce in self.scarce_at):
            return ""
        return "a deadline given with an ordinary reason"

    def _broken(self, one: int, other: int) -> bool:
        """Whether a word like "tapi"/"but" stands between two token positions."""
        low, high = min(one, other), max(one, other)
        index = bisect_left(self.breakers, low + 1)
        return index < len(self.breakers) and self.breakers[index] < high

    def judge(self, code: str, start: int, end: int) -> Verdict:
        document = self.document
        if not document.size:
            return Verdict(False, self.reasons["plain"])
        first = min(document.token_index_at(start), document.size - 1)
        last = max(first, document.token_index_at(max(start, end - 1)))
        sentence = document.sentence_of[first]
        clause = document.clause_of[first]

        def in_sentence(group: str, near: int = 0) -> list[_Cue]:
            index = self.by_sentence[group]
            if not near:
                return index.get(sentence, [])
            return [
                cue for s in range(sentence - near, sentence + near + 1) for cue in index.get(s, ())
            ]

        if code == PRESSURE_CODE and (calm := self._calm_deadline(first, last)):
            return Verdict(True, calm)
        personal = in_sentence(PERSONAL)
        if code in DISCLOSURE_CODES and in_sentence(DISCLOSURE) and not personal:
            return Verdict(True, "a figure cited from a disclosure")
        sentence_offers = in_sentence(OFFER)
        # The claim's own words are no offer ("pay to join" in a checklist of red flags).
        offers = [
            cue
            for cue in sentence_offers
            if (cue.clause == clause or first <= cue.first <= last)
            and not (first <= cue.first and cue.last - 1 <= last)
        ]
        endorsed = in_sentence(ENDORSE, near=1)
        warnings = in_sentence(WARNING)
        # Someone else's words or a finished situation before the claim in its clause, or inside
        # a claim of words far apart ("Upline saya dulu bilang 'dijamin cair'"), before its end.
        last_clause = document.clause_of[min(last, document.size - 1)]
        # Words the writer endorses ("my sponsor says …, and it works") are the writer's own.
        reported = [] if endorsed else in_sentence(REPORT) + in_sentence(OVER)
        framing = [cue for cue in warnings if not self._broken(cue.first, first)] + [
            cue
            for cue in reported
            if (cue.clause == clause and cue.first < first)
            or (first < cue.first and cue.last - 1 < last and cue.clause == last_clause)
        ]
        named = self._named_quote(start, end) if self.distanced and not endorsed else None
        if named is not None:
            low, high = named
            token_starts = document.token_starts
            if not any(
                not (low <= token_starts[cue.first] < high)
                for cue in sentence_offers
                if not (first <= cue.first and cue.last - 1 <= last)
            ):
                return Verdict(True, "named in quotes, not claimed")
        if document.in_quotes(start, end) and not endorsed:
            nearby = in_sentence(WARNING, 1) + in_sentence(REPORT, 1) + in_sentence(OVER, 1)
            if nearby or self.warning_text:
                return Verdict(True, "quoted in a warning or report")
        if framing and not offers:
            return Verdict(True, f"framed by {framing[0].group} {framing[0].words!r}")
        if sentence in self.warned_by_next and not offers:
            return Verdict(True, "named as a warning sign by the sentence after it")
        # "I know it sounds too good to be true, but it pays 2% a day": a warning the sentence
        # itself turns away from with "tapi"/"but" does not make it part of a warning text.
        turned = any(self._broken(cue.first, first) for cue in warnings)
        if self.warning_text and not sentence_offers and not framing and not turned:
            return Verdict(True, "in a text that warns throughout")
        if framing:
            return Verdict(False, self._reason("offer", framing[0].words, offers[0].words))
        if endorsed and document.in_quotes(start, end):
            return Verdict(False, self._reason("endorsed", endorsed[0].words))
        if code in DISCLOSURE_CODES and personal and in_sentence(DISCLOSURE):
            return Verdict(False, self._reason("personal", personal[0].words))
        denials = self.denials_by_sentence.get(sentence, [])
        if denials:
            return Verdict(False, self._reason("denial", denials[0].words))
        negations = [index for index in self.negations.get(sentence, ()) if index < first]
        if negations:
            return Verdict(False, self._reason("other_clause", document.forms[negations[-1]]))
        return Verdict(False, self.reasons["plain"])

    def _reason(self, kind: str, *words: str) -> str:
        return self.reasons[kind].format(*(f"'{word}'" for word in words))
