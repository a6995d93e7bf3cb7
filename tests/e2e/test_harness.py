"""The journeys' checks catch what they claim to catch, and stay quiet on a sound page."""

import pytest

from tests.e2e.harness import AXE, PHONE, Journey

SITE = "http://terang.test"

SOUND = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Sound</title>
<link rel="stylesheet" href="/static/site.css"></head>
<body><header><nav aria-label="Main"><a href="/">Home</a></nav></header>
<main><h1>Sound page</h1><form><label for="q">Search</label><input id="q" name="q">
<button type="submit">Go</button></form></main></body></html>"""

BROKEN = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Broken</title>
<link rel="stylesheet" href="/static/missing.css"></head>
<body><header><nav aria-label="Main"><a href="/">Home</a></nav></header>
<main><h1>Broken page</h1>
<div style="width: 700px">A table that does not fit a phone</div>
<div style="position: relative">
  <button type="button" id="covered">Covered</button>
  <div style="position: absolute; inset: 0; background: #fff"></div>
</div>
<input id="edge" name="edge" style="position: relative; left: 300px; width: 200px" aria-label="Edge">
<img src="/static/photo.png">
<img src="https://cdn.elsewhere.test/tracker.png" alt="">
<script>throw new Error("boom");</script>
</main></body></html>"""


# The site's own policy for public pages, as the sound and the violating pages send it.
POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)

VIOLATING = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Violating</title>
<link rel="stylesheet" href="/static/site.css">
<style>h1 { color: #333; }</style></head>
<body><header><nav aria-label="Main"><a href="/">Home</a></nav></header>
<main><h1>Violating page</h1>
<p style="color: #333">Styled inline</p>
<script>document.title = "ran";</script>
<img src="https://cdn.elsewhere.test/tracker.png" alt="">
<p><a href="/violating-too/">Another one</a></p>
</main></body></html>"""

# Breaks the policy, then leaves at once for the sound page.
LEAVING = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="refresh" content="0; url=/sound/"><title>Leaving</title></head>
<body><p style="margin: 0">Leaving</p></body></html>"""


def _serve(route):
    path = route.request.url.removeprefix(SITE)
    pages = {
        "/sound/": (SOUND, POLICY),
        "/broken/": (BROKEN, None),
        "/violating/": (VIOLATING, POLICY),
        "/violating-too/": (VIOLATING.replace("Violating page", "Violating too"), POLICY),
        "/leaving/": (LEAVING, POLICY),
    }
    if path in pages:
        body, policy = pages[path]
        headers = {"Content-Security-Policy": policy} if policy else {}
        route.fulfill(status=200, content_type="text/html", headers=headers, body=body)
    elif path == "/static/site.css":
        route.fulfill(status=200, content_type="text/css", body="body { margin: 0 1rem; }")
    else:
        route.fulfill(status=404, content_type="text/plain", body="not found")


@pytest.fixture
def checks(chromium, tmp_path):
    journey = Journey(name="harness", browser=chromium, base_url=SITE, shots=tmp_path, axe_path=AXE)
    yield journey
    journey.close()


def _page(journey, path):
    page = journey.person(viewport=PHONE)
    page.context.route(f"{SITE}/**", _serve)
    page.goto(path)
    return page


def test_checks__sound_page__no_problems_and_both_screenshots(checks, tmp_path):
    # The sound page sends the site's strict policy: the checks themselves (axe-core included)
    # break nothing in it.
    checks.checkpoint(_page(checks, "/sound/"), "sound")
    assert checks.problems == []
    assert sorted(p.name for p in tmp_path.glob("*.png")) == [
        "harness-01-sound-desktop.png",
        "harness-01-sound-phone.png",
    ]
    checks.finish()


def test_checks__broken_page__every_kind_of_problem_is_reported(checks):
    checks.checkpoint(_page(checks, "/broken/"), "broken")
    report = "\n".join(checks.problems)
    assert "at phone (390 px): horizontal scrolling" in report
    assert "“Covered” cannot be clicked" in report
    assert "“Edge” is not inside the 390 px screen" in report
    assert "JavaScript error: boom" in report
    assert f"HTTP 404 for {SITE}/static/missing.css" in report
    assert f"HTTP 404 for {SITE}/static/photo.png" in report
    assert "axe critical image-alt" in report
    assert "asks other hosts for content: cdn.elsewhere.test" in report
    with pytest.raises(AssertionError, match="problem"):
        checks.finish()


def test_checks__policy_violations__each_reported_with_directive_what_and_where(checks):
    page = _page(checks, "/violating/")
    checks.checkpoint(page, "violating")
    report = "\n".join(checks.problems)

    assert f"script-src-elem blocked inline at {SITE}/violating/:8:" in report
    assert f"style-src-attr blocked inline at {SITE}/violating/:7:" in report
    assert f"style-src-elem blocked inline at {SITE}/violating/:4:" in report
    assert "img-src blocked https://cdn.elsewhere.test/tracker.png" in report
    assert "console: Executing inline script violates the following Content Security Policy" in (
        report
    )
    assert page.title() == "Violating"  # the inline script did not run
    with pytest.raises(AssertionError, match="Content-Security-Policy violation"):
        checks.finish()


def test_checks__violation_on_a_page_left_at_once__still_reported(checks):
    page = _page(checks, "/leaving/")
    page.wait_for_url(f"{SITE}/sound/")
    checks.checkpoint(page, "arrived")

    assert any(
        f"style-src-attr blocked inline at {SITE}/leaving/" in problem
        for problem in checks.problems
    ), checks.problems


def test_checks__violation_after_the_last_checkpoint__finish_reports_it(checks):
    page = _page(checks, "/sound/")
    checks.checkpoint(page, "sound")
    assert checks.problems == []
    page.goto("/violating/")

    with pytest.raises(AssertionError, match="after the last checkpoint: Content-Security-Policy"):
        checks.finish()
