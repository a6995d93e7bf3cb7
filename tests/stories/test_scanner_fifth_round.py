"""The scanner's fifth round (issue 11, 2026-12-03): English kinds of miss found in the fifth blind
round once it joined dev. Every text here was written for the test, in the words of its kind; none
is a corpus text. Each flag's offsets point into the text as written, an honest text of each kind
stays clean, and a framing word never cancels a flag on its own.
"""

import pytest

from stories.scanner import scan
from stories.scanner.evaluation import check_offsets


def _codes(text: str, language: str = "en") -> set[str]:
    result = scan(text, language)
    check_offsets(text, result.flags)
    return {flag.code for flag in result.flags}


CAUGHT = {
    "a loss the offerer covers": (
        "Put your savings in the pool and relax: nothing can go wrong, the fund covers any loss.",
        {"guaranteed_income"},
    ),
    "certainty in other words": (
        "The arbitrage loop makes profit mathematically certain on every round.",
        {"guaranteed_income"},
    ),
    "a stake doubled within weeks": (
        "Double your stake in 21 days with our vault strategy.",
        {"unrealistic_timeframe"},
    ),
    "a life change within months": (
        "She went from waitress to car owner in 4 months with this system.",
        {"unrealistic_timeframe"},
    ),
    "people under someone, in other words": (
        "Every friend you onboard adds rewards to your monthly check.",
        {"recruitment_earnings"},
    ),
    "selling denied in other words": (
        "You never sell anything and the app pays you for scanning receipts.",
        {"no_selling_needed"},
    ),
}

HONEST = {
    "a refund on a product": "If the blender breaks in the first year, we replace it. Keep your receipt.",
    "sales that doubled over years": "Our bakery's sales doubled over five years of hard work.",
    "a real timeframe to a car": "It took me six years of saving to buy my first car.",
    "hiring staff": "We're hiring a shift lead to train new staff in our café.",
    "a warning about copycats": "Beware of fake pages using our name. We never ask for deposits.",
}

PITCHES = {
    "a copycat warning, then the offer": (
        "Beware of fake apps copying us! The only official app is this link: deposit and sit "
        "back, nothing can go wrong.",
        {"guaranteed_income", "no_selling_needed"},
    ),
    "a denied hype label, then the claim": (
        "I'm not one of those hype people. I just know the desk covers any losing trade for you, "
        "so nothing can go wrong.",
        {"guaranteed_income"},
    ),
}


@pytest.mark.parametrize(("text", "codes"), CAUGHT.values(), ids=CAUGHT.keys())
def test_scan__kinds_of_miss_of_the_fifth_round_are_caught(text, codes):
    assert codes <= _codes(text)


@pytest.mark.parametrize("text", HONEST.values(), ids=HONEST.keys())
def test_scan__honest_kinds_of_the_fifth_round_are_not_flagged(text):
    assert _codes(text) == set()


@pytest.mark.parametrize(("text", "codes"), PITCHES.values(), ids=PITCHES.keys())
def test_scan__framings_of_the_fifth_round_do_not_hide_a_pitch(text, codes):
    assert codes <= _codes(text)
