"""What every end-to-end step checks: screenshots at two sizes, layout, console, assets, axe-core,
Content-Security-Policy violations.

A ``Journey`` hands out one browser context per person (member, moderator, visitor). At each
``checkpoint`` the page is shown at desktop and phone size; both are photographed and checked.
Problems are collected, not raised at once, so one run reports every broken page of the journey;
``Journey.finish()`` fails the test with the whole list.

Every page a person opens (every frame too) reports Content-Security-Policy violations the moment
they happen, so one on a page that is left at once still counts; ``finish()`` also reports those
that came after the last checkpoint.
"""

import contextlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.utils import translation
from django.utils.functional import Promise
from playwright.sync_api import Browser, BrowserContext, Page
from playwright.sync_api import Error as PlaywrightError

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
SIZES = (("desktop", DESKTOP), ("phone", PHONE))
ACTION_TIMEOUT_MS = 15_000
NAVIGATION_TIMEOUT_MS = 30_000
BLOCKING_IMPACTS = ("serious", "critical")
# A control glued to the screen edge is hard to hit on a phone (and fights edge gestures).
EDGE = 4

# What a person must be able to reach on a page: the header's navigation and language buttons,
# and every form control and link-button in the page's own content.
CONTROLS = ", ".join(
    [
        "header a[href]",
        "header button",
        "main input:not([type=hidden])",
        "main select",
        "main textarea",
        "main button",
        "main a.button",
    ]
)

# Marks the controls a person is meant to see now: not inside something hidden on purpose
# (the hidden attribute, a closed <details>, aria-hidden) and not disabled.
MARK_CONTROLS_JS = """
(selector) => {
  const shown = [];
  document.querySelectorAll("[data-e2e-control]").forEach((el) => el.removeAttribute("data-e2e-control"));
  for (const el of document.querySelectorAll(selector)) {
    if (el.disabled) continue;
    if (el.closest("[hidden], [aria-hidden=true], template")) continue;
    const details = el.closest("details:not([open])");
    // A closed <details> hides its content, unless the page shows that content without its button
    // (the header's menu from 760 px): then its summary takes no room, and the controls are checked.
    const summary = details && details.querySelector(":scope > summary");
    if (details && summary && summary.getClientRects().length
        && !(el.closest("summary") && el.closest("summary").parentElement === details)) continue;
    el.setAttribute("data-e2e-control", String(shown.length));
    const name = (el.getAttribute("aria-label") || el.innerText || el.value || el.name || el.id || "").trim();
    shown.push(el.tagName.toLowerCase() + (el.type ? `[type=${el.type}]` : "") + (name ? ` “${name.slice(0, 40)}”` : ""));
  }
  return shown;
}
"""

OVERFLOW_JS = """
() => {
  const root = document.documentElement;
  const width = root.clientWidth;
  if (root.scrollWidth <= width) return null;
  const wide = [];
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.width && box.right > width + 1) {
      const parentBox = el.parentElement ? el.parentElement.getBoundingClientRect() : null;
      if (parentBox && parentBox.right > width + 1 && wide.length) continue;
      const cls = el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\\s+/).join(".") : "";
      wide.push(`${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}${cls} (right edge ${Math.round(box.right)}px)`);
      if (wide.length >= 5) break;
    }
  }
  return {scrollWidth: root.scrollWidth, clientWidth: width, widest: wide};
}
"""

AXE_RUN_JS = """
async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
    count: v.nodes.length,
  }));
}
"""


# Runs in every frame before the page's own scripts (a DevTools script: the policy does not apply
# to it). Each violation goes to Python at once through the binding, and stays in
# window.__cspViolations for anyone looking at the page.
CSP_BINDING = "__terangReportCspViolation"
CSP_LISTENER_JS = f"""
(() => {{
  window.__cspViolations = [];
  document.addEventListener("securitypolicyviolation", (event) => {{
    const violation = {{
      directive: event.effectiveDirective || event.violatedDirective,
      blockedURI: event.blockedURI,
      sourceFile: event.sourceFile,
      line: event.lineNumber,
      column: event.columnNumber,
      sample: event.sample,
      documentURI: event.documentURI,
      disposition: event.disposition,
    }};
    window.__cspViolations.push(violation);
    if (typeof window.{CSP_BINDING} === "function") window.{CSP_BINDING}(violation);
  }});
}})();
"""
CSP_CONSOLE_MARK = "Content Security Policy"


def describe_csp_violation(violation: dict) -> str:
    """One line a developer can act on: directive, what was blocked, where the page tried it."""
    where = violation.get("sourceFile") or violation.get("documentURI") or "?"
    if violation.get("line"):
        where += f":{violation['line']}"
        if violation.get("column"):
            where += f":{violation['column']}"
    text = (
        f"Content-Security-Policy violation: {violation.get('directive')} blocked "
        f"{violation.get('blockedURI') or '?'} at {where}"
    )
    if violation.get("sample"):
        text += f" (“{violation['sample']}”)"
    if violation.get("disposition") == "report":
        text += " [report-only]"
    return text


def open_menu(page: Page) -> None:
    """Open the header's menu where it is a button (a phone); from 760 px its links are in the row."""
    menu = page.locator("details.site-menu")
    toggle = menu.locator(":scope > summary")
    if toggle.is_visible() and menu.get_attribute("open") is None:
        toggle.click()


def translated(language: str, message: str | Promise) -> str:
    """``message`` as the site shows it in ``language`` (the site's own catalogue decides)."""
    with translation.override(language):
        return str(message) if isinstance(message, Promise) else translation.gettext(message)


@dataclass
class PageWatch:
    """Console errors, uncaught exceptions and failed requests for the site's own files."""

    origin: str
    problems: list[str] = field(default_factory=list)
    in_flight: set = field(default_factory=set)
    # Requests to other hosts, which the browser never sends (the tests stay on loopback).
    outside: list[str] = field(default_factory=list)
    # Content-Security-Policy violations: the pages' own events and the browser's console.
    csp: list[str] = field(default_factory=list)

    def attach(self, page: Page) -> None:
        page.on("request", lambda request: self.in_flight.add(request))
        page.on("requestfinished", lambda request: self.in_flight.discard(request))
        page.on("requestfailed", lambda request: self.in_flight.discard(request))
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.problems.append(f"JavaScript error: {error}"))
        page.on("requestfailed", self._on_request_failed)
        page.on("response", self._on_response)

    def _own_asset(self, url: str, resource_type: str) -> bool:
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" != self.origin:
            return False
        return parts.path.startswith(("/static/", "/media/")) or resource_type in {
            "stylesheet",
            "script",
            "image",
            "font",
            "media",
        }

    def block_outside(self, route) -> None:
        self.outside.append(route.request.url)
        route.abort("blockedbyclient")

    def on_csp_violation(self, source, violation: dict) -> None:
        self.csp.append(describe_csp_violation(violation))

    def _on_console(self, message) -> None:
        if CSP_CONSOLE_MARK in message.text:
            where = message.location.get("url", "") if message.location else ""
            self.csp.append(f"console: {message.text} ({where})")
            return
        if message.type == "error":
            where = message.location.get("url", "") if message.location else ""
            if where in self.outside and message.text.startswith("Failed to load resource"):
                return  # reported as an outside request instead
            self.problems.append(f"console error: {message.text} ({where})")

    def _on_request_failed(self, request) -> None:
        # A request the browser dropped because the page moved on (net::ERR_ABORTED) did not fail.
        if request.failure == "net::ERR_ABORTED":
            return
        if self._own_asset(request.url, request.resource_type):
            self.problems.append(f"request failed: {request.url} ({request.failure})")

    def _on_response(self, response) -> None:
        request = response.request
        if response.status >= 400 and self._own_asset(response.url, request.resource_type):
            self.problems.append(f"HTTP {response.status} for {response.url}")

    def take(self) -> list[str]:
        taken, self.problems = self.problems, []
        return taken

    def take_csp(self) -> list[str]:
        taken, self.csp = self.csp, []
        return taken

    def take_outside(self) -> list[str]:
        hosts = sorted({urlsplit(url).netloc for url in self.outside})
        self.outside = []
        return hosts


@dataclass
class Journey:
    """One person-facing journey: its browser contexts, its screenshots and what went wrong."""

    name: str
    browser: Browser
    base_url: str
    shots: Path
    axe_path: Path
    problems: list[str] = field(default_factory=list)
    steps: list[dict] = field(default_factory=list)
    _contexts: list[BrowserContext] = field(default_factory=list)
    _watches: dict = field(default_factory=dict)

    def person(self, *, viewport: dict = DESKTOP, locale: str = "en-US") -> Page:
        context = self.browser.new_context(
            base_url=self.base_url, viewport=viewport, locale=locale, accept_downloads=False
        )
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        context.set_default_navigation_timeout(NAVIGATION_TIMEOUT_MS)
        self._contexts.append(context)
        watch = PageWatch(origin=self.base_url.rstrip("/"))
        context.expose_binding(CSP_BINDING, watch.on_csp_violation)
        context.add_init_script(CSP_LISTENER_JS)
        context.route(
            re.compile(rf"^https?://(?!{re.escape(urlsplit(self.base_url).netloc)}/)"),
            watch.block_outside,
        )
        page = context.new_page()
        watch.attach(page)
        self._watches[id(page)] = watch
        return page

    def checkpoint(self, page: Page, label: str, *, public: bool = True) -> None:
        """Photograph ``page`` at both sizes and check it; ``public`` pages also get axe-core.

        Public pages are the site's own: every control must be visible and clickable at both
        sizes. The Wagtail admin is checked for scrolling, console errors and failed requests only.
        """
        page.wait_for_load_state("load")
        number = len(self.steps) + 1
        slug = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")
        where = f"{self.name} step {number} “{label}” ({urlsplit(page.url).path})"
        step = {"number": number, "label": label, "url": page.url, "shots": {}}
        watch = self._watches[id(page)]
        found = [f"{where}: {problem}" for problem in watch.take()]
        original = page.viewport_size
        for size_name, size in SIZES:
            page.set_viewport_size(size)
            overflow = page.evaluate(OVERFLOW_JS)
            if overflow:
                found.append(
                    f"{where} at {size_name} ({size['width']} px): horizontal scrolling, page is "
                    f"{overflow['scrollWidth']} px wide; too wide: {', '.join(overflow['widest'])}"
                )
            if public:
                found += [f"{where} at {size_name}: {p}" for p in self._check_controls(page, size)]
                found += [f"{where} at {size_name}: {p}" for p in self._run_axe(page)]
            # The trial clicks left the pointer over the last control: no hover in the picture.
            page.mouse.move(0, 0)
            page.evaluate("window.scrollTo(0, 0)")
            shot = self.shots / f"{self.name}-{number:02d}-{slug}-{size_name}.png"
            page.screenshot(path=str(shot), full_page=True)
            step["shots"][size_name] = shot.name
        page.set_viewport_size(original)
        found += [f"{where}: {problem}" for problem in watch.take()]
        found += [f"{where}: {problem}" for problem in watch.take_csp()]
        outside = watch.take_outside()
        if outside and public:
            found.append(f"{where}: the page asks other hosts for content: {', '.join(outside)}")
        step["outside_hosts"] = outside
        self.steps.append(step)
        self.problems += found

    def _check_controls(self, page: Page, size: dict) -> list[str]:
        names = page.evaluate(MARK_CONTROLS_JS, CONTROLS)
        problems = []
        for index, name in enumerate(names):
            control = page.locator(f'[data-e2e-control="{index}"]')
            if not control.is_visible():
                problems.append(f"{name} is not visible")
                continue
            control.scroll_into_view_if_needed(timeout=5_000)
            box = control.bounding_box()
            if box is None or box["x"] < EDGE or box["x"] + box["width"] > size["width"] - EDGE:
                problems.append(
                    f"{name} is not inside the {size['width']} px screen with {EDGE} px to spare "
                    f"on each side: {box}"
                )
                continue
            try:
                control.click(trial=True, timeout=5_000)
            except PlaywrightError as error:
                reason = str(error).splitlines()[0]
                problems.append(f"{name} cannot be clicked: {reason}")
        return problems

    def _run_axe(self, page: Page) -> list[str]:
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            # Evaluated, not added as a <script>: an inline script would break the page's policy.
            page.evaluate(self.axe_path.read_text(encoding="utf-8"))
        violations = page.evaluate(AXE_RUN_JS)
        return [
            f"axe {v['impact']} {v['id']}: {v['help']} ({v['count']} element(s), e.g. "
            f"{'; '.join(v['nodes'])})"
            for v in violations
            if v["impact"] in BLOCKING_IMPACTS
        ]

    def close(self) -> None:
        # Leave every page first (the admin sends "editing session released" as it goes) and let
        # those last requests end while the test database still exists.
        for context in self._contexts:
            for page in context.pages:
                with contextlib.suppress(PlaywrightError):
                    page.goto("about:blank")
                    watch = self._watches.get(id(page))
                    for _ in range(100):
                        if watch is None or not watch.in_flight:
                            break
                        page.wait_for_timeout(50)
            context.close()
        self._contexts.clear()
        index = self.shots / f"{self.name}.json"
        index.write_text(json.dumps(self.steps, indent=2, ensure_ascii=False), encoding="utf-8")

    def finish(self) -> None:
        """Fail with every layout, console, asset, accessibility and policy problem the journey met."""
        for watch in self._watches.values():
            self.problems += [
                f"{self.name} after the last checkpoint: {problem}" for problem in watch.take_csp()
            ]
        assert not self.problems, f"{len(self.problems)} problem(s) on the way:\n" + "\n".join(
            f"- {problem}" for problem in self.problems
        )
