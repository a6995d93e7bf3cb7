"""The scanner's seventh round (issue 11, 2026-12-03): English, the weak half. One case per kind of
miss fixed, from dev's English misses and false flags read by kind. Every text here was written
for the test, in the words of its kind; none is a corpus text. Each pitch must be flagged with at
least the codes given; each honest text next to a kind must stay clean: a framing word never
cancels a flag on its own, and a turn away from a warning makes no honest text a pitch.
"""

import pytest

from stories.scanner import scan
from stories.scanner.catalogue import RulesError
from stories.scanner.evaluation import check_offsets
from stories.scanner.ruleset import _compile


def _codes(text: str, language: str) -> set[str]:
    result = scan(text, language)
    check_offsets(text, result.flags)
    return {flag.code for flag in result.flags}


PITCHES = {
    # A warning, then the writer's own thing: the warning is a concession, not a warning text.
    "a warning, then the original": (
        "en",
        "Beware of copycat apps!! The original Coinvale pays 4% every week, zero risk.",
        {"fixed_return", "guaranteed_income"},
    ),
    "a warning, then ours": (
        "en",
        "Scams are everywhere, be careful. Ours is different: you are guaranteed a $200 bonus for "
        "every friend who joins.",
        {"guaranteed_income", "recruitment_earnings"},
    ),
    "a warning, then ours, Indonesian": (
        "id",
        "Hati-hati investasi bodong. Di kami beda, profit 5% per bulan dijamin cair.",
        {"fixed_return", "guaranteed_income"},
    ),
    # A hyphenated phrase with an apostrophe is one word in the text.
    "a hyphenated contraction": (
        "en",
        "This is a can't-lose plan, 3% a week.",
        {"guaranteed_income", "fixed_return"},
    ),
    # Certainty without "guaranteed income".
    "guaranteed by someone": (
        "en",
        "Your deposit is guaranteed by the admin, withdraw anytime.",
        {"guaranteed_income"},
    ),
    "a guaranteed amount": (
        "en",
        "Bring 2 people and you're guaranteed $200.",
        {"guaranteed_income"},
    ),
    "profits locked": (
        "en",
        "Staking profits are locked the moment you enter.",
        {"guaranteed_income"},
    ),
    "risk-free on its own": (
        "en",
        "Totally 100% risk-free, just park your money.",
        {"guaranteed_income"},
    ),
    "Singlish certainty": (
        "en",
        "Confirm got profit one, my uncle already try.",
        {"guaranteed_income"},
    ),
    # Money back, or doubled, within days.
    "capital back within days": (
        "en",
        "You'll have your capital back within 10 days.",
        {"unrealistic_timeframe"},
    ),
    "money doubles in days": ("en", "Your money doubles in 14 days.", {"unrealistic_timeframe"}),
    # A life changed within months, in other words.
    "a life change by a month's name": (
        "en",
        "By April she'd paid off her car and quit babysitting.",
        {"unrealistic_timeframe"},
    ),
    "a notice handed in": (
        "en",
        "Six weeks in and my husband already handed in his notice.",
        {"unrealistic_timeframe"},
    ),
    # Paid for people, without the recruiting words.
    "paid when people join": (
        "en",
        "I'm not in sales. I just share the platform, and when people join you get paid.",
        {"recruitment_earnings"},
    ),
    "each signup pays": (
        "en",
        "Share your link: each signup pays you $20.",
        {"recruitment_earnings"},
    ),
    "you bring 3, they bring 3": (
        "en",
        "Remember the 3-by-3: you bring 3, they bring 3.",
        {"recruitment_earnings"},
    ),
    "paid per head": (
        "en",
        "I never sell. I just bring people in and the system pays me per head.",
        {"recruitment_earnings"},
    ),
    # No selling, said of oneself, with what is done instead.
    "the writer never sells, just invites": (
        "en",
        "Hate sales? Me too. I never sell. I just invite people and get $40 for each one who joins.",
        {"no_selling_needed", "recruitment_earnings"},
    ),
    "a machine does the trading": (
        "en",
        "You park the money, the system does all the trading, you earn 3% a week.",
        {"no_selling_needed"},
    ),
    # Pressure without the textbook words.
    "the final spots": (
        "en",
        "Final 3 spots. After Thursday I'm closing enrollment for the year.",
        {"pressure_tactics"},
    ),
    "hours left to lock a price": (
        "en",
        "Only 48 hours left to lock in the old rate.",
        {"pressure_tactics"},
    ),
    # Income in the trade's shorthand.
    "amount months": (
        "en",
        "From broke to $10K months, just a phone and this system.",
        {"income_claim"},
    ),
    "the check was": ("en", "Recruited 14 people and my check was $2,940.", {"income_claim"}),
    # A fee required, in other words.
    "the only requirement": (
        "en",
        "The $299 activation pack is the only requirement to start earning.",
        {"upfront_fee"},
    ),
}

HONEST = {
    "a warning, then ours, honestly": (
        "en",
        "Beware of anyone promising 'guaranteed 5% a month'. Ours is a plain savings co-op with "
        "no fixed rate and no bonuses.",
    ),
    "red flags, none of them here": (
        "en",
        "Red flags: fixed weekly returns, pay to join, recruit to earn. None of that here, we sell "
        "bread.",
    ),
    "a group's rules": ("en", "Channel rules: 1) No selling in this group. 2) Be kind."),
    "news of a charge": (
        "en",
        "The SEC has charged the founders of a crypto 'yield program' that promised investors 1% a "
        "day.",
    ),
    "not selling, said of oneself": ("en", "I don't sell anything, I'm a nurse and I like it."),
    "a price per head": ("en", "The dinner costs $40 per head, drinks included."),
    "a slow payoff by a month's name": (
        "en",
        "By April we had finally paid off the van, after six years of saving.",
    ),
}


@pytest.mark.parametrize(("language", "text", "codes"), PITCHES.values(), ids=PITCHES.keys())
def test_scan__english_kinds_of_the_seventh_round_are_flagged(language, text, codes):
    assert codes <= _codes(text, language)


@pytest.mark.parametrize(("language", "text"), HONEST.values(), ids=HONEST.keys())
def test_scan__honest_kinds_of_the_seventh_round_are_not_flagged(language, text):
    assert _codes(text, language) == set()


def test_rules__a_space_run_an_optional_comma_and_a_space_run_is_refused():
    # Space runs are matched whole, so "\s*,?\s+" never matches a plain space: it is refused with
    # the way to write it, which matches both.
    with pytest.raises(RulesError, match=r"\(\?:\\s\*,\)\?\\s\+"):
        _compile(r"join\s*,?\s+you", "en.json: test")

    written = _compile(r"join(?:\s*,)?\s+you", "en.json: test")

    assert written.search("when they join you get paid")
    assert written.search("when they join, you get paid")
