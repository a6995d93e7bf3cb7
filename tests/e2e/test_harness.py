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


def _serve(route):
    path = route.request.url.removeprefix(SITE)
    pages = {"/sound/": SOUND, "/broken/": BROKEN}
    if path in pages:
        route.fulfill(status=200, content_type="text/html", body=pages[path])
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
