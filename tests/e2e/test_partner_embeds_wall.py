"""An organisation's own site embeds its wall of love and its badge.

The partner's page is a static file served from a second port (another origin) with exactly
``Content-Security-Policy: script-src 'self' <Terang>; frame-src <Terang>``. Its script tag loads
/embed/wall.js from Terang, which inserts the frame and sizes it; Chromium shows the cards, the
frame grows to its content, nothing breaks the host's policy, and axe-core finds no violation
inside the frame. The pictures go to the journeys' artifacts, and with
TERANG_DOCS_SCREENSHOTS=1 also to docs/screenshots/ (the README shows them).
"""

import os
import re
import threading
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import expect

from stories.choices import Verification
from tests.e2e.conftest import ROOT
from tests.e2e.harness import AXE_RUN_JS, CSP_CONSOLE_MARK
from tests.factories import OrganizationFactory, StoryPageFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

HOST_PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Dapur Sehat: what our customers say</title></head>
<body style="margin:0;font-family:sans-serif;background:#f3f3f3">
<main style="max-width:960px;margin:0 auto;padding:16px">
<h1>What our partners say</h1>
<p id="badges">
<a href="{terang}/organisations/{slug}/"><img src="{terang}/embed/badge.svg?organisation={slug}&amp;language=en" alt="Verified on Terang" width="260" height="56"></a>
<a href="{terang}/organisations/{slug}/"><img src="{terang}/embed/badge.svg?organisation={slug}&amp;language=en&amp;theme=dark" alt="Verified on Terang" width="260" height="56"></a>
</p>
<script src="{terang}/embed/wall.js" data-organisation="{slug}" data-language="en" async></script>
<p>Footer of the partner's page.</p>
</main>
</body>
</html>
"""


class HostHandler(BaseHTTPRequestHandler):
    def __init__(self, *args, page: str, terang: str, **kwargs):
        self.page, self.terang = page, terang
        super().__init__(*args, **kwargs)

    def do_GET(self):  # noqa: N802 (http.server's name)
        body = self.page.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header(
            "Content-Security-Policy",
            f"script-src 'self' {self.terang}; frame-src {self.terang}",
        )
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def host_site(live_server):
    """The partner's page on a second port: ``(its URL, Terang's origin)``."""
    terang = live_server.url.rstrip("/")
    page = HOST_PAGE.format(terang=terang, slug="dapur-sehat")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(HostHandler, page=page, terang=terang))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", terang
    server.shutdown()
    server.server_close()


def test_partner_page_embeds_the_wall_with_the_script_tag(
    chromium, host_site, site_tree, artifacts_dir, settings
):
    host_url, terang = host_site
    settings.SITE_URL = terang
    organization = OrganizationFactory(name="Dapur Sehat", slug="dapur-sehat", verified=True)
    titles = [
        "Katering sehat dari dapur rumah",
        "Sambal botol yang sampai ke Medan",
        "Kue kering untuk kantor-kantor",
    ]
    for title in titles:
        StoryPageFactory(
            title=title,
            summary="Pesanan tetap dari pelanggan yang kembali tiap minggu, dicatat di buku.",
            subject_name="Siti Rahma",
            organization=organization,
            industries=["food-beverage"],
        )
    StoryPageFactory(title="Tidak terbit", organization=organization).unpublish()
    StoryPageFactory(
        title="Hanya ditinjau", organization=organization, verification=Verification.REVIEWED
    )

    context = chromium.new_context(viewport={"width": 1100, "height": 900}, locale="en-US")
    allowed = re.compile(rf"^({re.escape(terang)}|{re.escape(host_url.rstrip('/'))})(/|$)")
    outside = []
    context.route(
        lambda url: not allowed.match(url),
        lambda route: (outside.append(route.request.url), route.abort("blockedbyclient")),
    )
    problems = []
    page = context.new_page()
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    try:
        page.goto(host_url)
        wall = page.frame_locator("iframe")
        cards = wall.locator(".wall-card")
        expect(cards).to_have_count(4)
        expect(wall.get_by_role("heading", name="Katering sehat dari dapur rumah")).to_be_visible()
        expect(wall.get_by_text("Tidak terbit")).to_have_count(0)
        expect(wall.get_by_role("link", name=re.compile("^Transparency report"))).to_have_count(4)

        # The frame's own height message sized it: no inner scrolling, the footer below it.
        frame_element = page.locator("iframe")
        frame = next(frame for frame in page.frames if "/embed/wall/" in frame.url)
        content = frame.evaluate("() => document.documentElement.scrollHeight")
        expect(frame_element).to_have_attribute("style", re.compile(rf"height: {content}px"))
        assert frame_element.bounding_box()["height"] >= content - 1

        frame.evaluate((ROOT / "node_modules" / "axe-core" / "axe.min.js").read_text())
        violations = frame.evaluate(AXE_RUN_JS)
        assert violations == [], violations

        # The badges load from Terang as images on the partner's page.
        for image in page.locator("#badges img").all():
            assert image.evaluate("(img) => img.complete && img.naturalWidth > 0")

        assert not [p for p in problems if CSP_CONSOLE_MARK in p], problems
        assert problems == [], problems
        assert outside == [], outside

        folders = [artifacts_dir]
        if os.environ.get("TERANG_DOCS_SCREENSHOTS"):
            folders.append(ROOT / "docs" / "screenshots")
        for folder in folders:
            Path(folder).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(folder) / "embed-wall.png"), full_page=True)
            page.locator("#badges").screenshot(path=str(Path(folder) / "embed-badge.png"))

        # On a phone the same frame narrows to one column and grows taller.
        page.set_viewport_size({"width": 390, "height": 800})
        expect(frame_element).not_to_have_attribute("style", re.compile(rf"height: {content}px"))
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    finally:
        context.close()
