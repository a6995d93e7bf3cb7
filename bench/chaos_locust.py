"""Members and moderators for `make chaos` (bench/chaos.py runs this with Locust, headless).

Members log in, fill the real submission form step by step (each step's page is read first, so
the form token, the formsets' management forms and the declarations' versions are the page's
own), upload an image and send the story for review. A step that fails (a 5xx, a timeout, a
dropped connection) is sent again, as a person pressing "Send again" would; the first step's form
token makes that safe. Moderators log in with their authenticator code and work through the review
queue: take a story, complete the checklist and approve it.

Every request, and every story a member saw accepted, is written to the JSON-lines file named by
CHAOS_EVENTS; the accounts come from the JSON file named by CHAOS_ACCOUNTS (bench/chaos.py).
Each member connects from its own loopback address, as members do from their own homes, so the
per-address limits count them apart.
"""

import base64
import hashlib
import hmac
import io
import json
import os
import re
import struct
import threading
import time
import uuid
from html.parser import HTMLParser
from itertools import count

from locust import HttpUser, between, events, task
from PIL import Image
from requests.adapters import HTTPAdapter

ACCOUNTS = json.loads(open(os.environ["CHAOS_ACCOUNTS"]).read())  # noqa: SIM115
EVENTS_PATH = os.environ["CHAOS_EVENTS"]
RESENDS = 6
_lock = threading.Lock()
_events = open(EVENTS_PATH, "a", buffering=1)  # noqa: SIM115 - open for the whole run
_members = count()
_moderators = count()


def record(**event) -> None:
    event.setdefault("t", time.time())
    with _lock:
        _events.write(json.dumps(event) + "\n")


@events.request.add_listener
def _on_request(request_type, name, response_time, response_length, response, exception, **kw):
    status = getattr(response, "status_code", 0) or 0
    record(
        kind="request",
        user=kw.get("context", {}).get("role", ""),
        name=name,
        status=status,
        ms=response_time,
        error=type(exception).__name__ if exception and not status else "",
    )


# --- forms -------------------------------------------------------------------------------------


class _Forms(HTMLParser):
    """Every form of a page: its action and its fields as a browser would send them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append(
                {"action": a.get("action", ""), "fields": [], "choices": {}, "buttons": set()}
            )
            return
        if not self.forms:
            return
        form = self.forms[-1]
        name = a.get("name")
        if tag in ("button", "input") and name and a.get("type", "submit") == "submit":
            form["buttons"].add((name, a.get("value", "")))
            return
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                form["choices"].setdefault(name, []).append(a.get("value", "on"))
                if "checked" in a:
                    form["fields"].append([name, a.get("value", "on")])
            elif kind not in ("submit", "button", "file", "image", "reset"):
                form["fields"].append([name, a.get("value", "")])
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
            form["fields"].append(self._textarea)
        elif tag == "select" and name:
            self._select = {"name": name, "first": None, "chosen": None}
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            if self._select["first"] is None and value:
                self._select["first"] = value
            if "selected" in a:
                self._select["chosen"] = value

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select is not None and self.forms:
            chosen = self._select["chosen"] or self._select["first"] or ""
            self.forms[-1]["fields"].append([self._select["name"], chosen])
            self.forms[-1]["choices"][self._select["name"]] = [chosen]
            self._select = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data


def page_form(html: str, must_have: str) -> dict | None:
    """The page's form that has a field named ``must_have``."""
    parser = _Forms()
    parser.feed(html)
    for form in parser.forms:
        names = {name for name, _ in form["fields"]} | set(form["choices"])
        if must_have in names:
            return form
    return None


def png_bytes() -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (320, 200), (30, 120, 200)).save(output, "PNG")
    return output.getvalue()


PNG = png_bytes()


def totp(secret: str, at: float | None = None) -> str:
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    counter = struct.pack(">Q", int((at or time.time()) // 30))
    digest = hmac.new(key, counter, hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


class _SourceAddress(HTTPAdapter):
    def __init__(self, address: str, **kwargs):
        self._address = address
        super().__init__(**kwargs)

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self._address, 0)
        super().init_poolmanager(*args, **kwargs)


class _Person(HttpUser):
    abstract = True
    role = ""
    address = "127.0.0.1"

    def context(self):
        return {"role": self.role}

    def on_start(self):
        adapter = _SourceAddress(self.address)
        self.client.mount("http://", adapter)
        self.client.headers["Accept-Language"] = "id"
        self.logged_in = False

    def send(self, method, url, *, name=None, attempts=RESENDS, ok=(200, 302), **kwargs):
        """One request, sent again after a failure that is not the member's own (5xx, no answer),
        as a person does; returns the last response (or None)."""
        response = None
        for attempt in range(attempts):
            if "files" in kwargs and attempt:
                kwargs["files"] = {k: (n, PNG, t) for k, (n, _c, t) in kwargs["files"].items()}
            try:
                with self.client.request(
                    method, url, name=name or url, allow_redirects=False, catch_response=True,
                    timeout=30, **kwargs,
                ) as response:  # fmt: skip
                    if response.status_code in ok:
                        response.success()
                        return response
                    response.failure(f"HTTP {response.status_code}")
                    if response.status_code < 500 and response.status_code != 0:
                        return response
            except Exception:  # noqa: BLE001, S110 - a dropped connection: send again
                response = None
            wait = 1.0
            if response is not None and response.headers.get("Retry-After", "").isdigit():
                wait = min(float(response.headers["Retry-After"]), 10.0)
            time.sleep(wait)
        return response

    def log_in(self, login: str, password: str, secret: str | None = None) -> bool:
        page = self.send("GET", "/accounts/login/", name="/accounts/login/")
        if page is None or page.status_code != 200:
            return False
        form = page_form(page.text, "password") or {"fields": []}
        data = dict(form["fields"])
        data.update(login=login, password=password)
        answer = self.send("POST", "/accounts/login/", name="/accounts/login/ POST", data=data)
        if answer is None or answer.status_code != 302:
            return False
        if secret:
            page = self.send("GET", answer.headers["Location"], name="/accounts/2fa/authenticate/")
            form = page_form(page.text, "code") if page is not None else None
            if form is None:
                return False
            data = dict(form["fields"])
            data["code"] = totp(secret)
            answer = self.send(
                "POST", answer.headers["Location"], name="/accounts/2fa/authenticate/ POST",
                data=data,
            )  # fmt: skip
            if answer is None or answer.status_code != 302:
                return False
        self.logged_in = True
        return True


class Member(_Person):
    fixed_count = 10
    role = "member"
    wait_time = between(2, 5)

    def on_start(self):
        self.number = next(_members) % len(ACCOUNTS["members"])
        self.account = ACCOUNTS["members"][self.number]
        self.address = f"127.0.0.{20 + self.number}"
        super().on_start()
        self.stories = count(1)

    @task
    def submit_a_story(self):
        if not self.logged_in and not self.log_in(self.account["email"], self.account["password"]):
            time.sleep(2)
            return
        n = next(self.stories)
        title = f"Chaos {self.account['email'].split('@')[0]} {n} {uuid.uuid4().hex[:6]}"
        page = self.send("GET", "/submit/", name="/submit/")
        form = page_form(page.text, "form_token") if page is not None else None
        if form is None:
            return
        data = dict(form["fields"])
        for name in list(data):
            if name.startswith("section_"):
                data[name] = "Saya menjual kopi bubuk ke pelanggan di pasar.\n\nUntungnya wajar."
        data.update(
            title=title,
            subject_kind="person",
            subject_name="Pedagang kopi",
            language="id",
            summary="Cerita usaha kopi kecil yang berkembang pelan-pelan.",
            product_or_service="Kopi bubuk",
            product_description="Kopi robusta sangrai, dijual per 250 gram.",
            action="next",
        )
        data["industries"] = form["choices"].get("industries", [""])[:1]
        record(kind="attempt", title=title, token=data.get("form_token"))
        answer = self.send("POST", "/submit/", name="/submit/ POST", data=data)
        if answer is None or answer.status_code != 302:
            record(kind="refused", title=title, status=getattr(answer, "status_code", 0))
            return
        match = re.search(r"/submit/(\d+)/", answer.headers.get("Location", ""))
        if match is None:
            return
        story = match.group(1)
        record(kind="accepted", title=title, story=int(story), token=data.get("form_token"))
        if not self.step(story, "claims", "claims-TOTAL_FORMS", self.claims):
            return
        if not self.step(story, "images", "images-TOTAL_FORMS", self.images, files=True):
            return
        if not self.step(story, "declarations", "consent_version", self.declarations):
            return
        check = self.send("GET", f"/submit/{story}/check/", name="/submit/[id]/check/")
        form = page_form(check.text, "revision") if check is not None else None
        if form is None:
            return
        sent = self.send(
            "POST", f"/submit/{story}/submit/", name="/submit/[id]/submit/ POST",
            data=dict(form["fields"]),
        )  # fmt: skip
        if sent is not None and sent.status_code == 302:
            record(kind="submitted", story=int(story), title=title)

    def step(self, story, key, must_have, fill, files=False) -> bool:
        url = f"/submit/{story}/{key}/"
        page = self.send("GET", url, name=f"/submit/[id]/{key}/")
        form = page_form(page.text, must_have) if page is not None else None
        if form is None:
            return False
        data = dict(form["fields"])
        fill(data, form)
        data["action"] = "next"
        kwargs = {"files": {"hero_image": ("kopi.png", PNG, "image/png")}} if files else {}
        answer = self.send("POST", url, name=f"/submit/[id]/{key}/ POST", data=data, **kwargs)
        return answer is not None and answer.status_code == 302

    @staticmethod
    def claims(data, form):
        data.update(
            {
                "claims-TOTAL_FORMS": "1",
                "claims-0-kind": "product",
                "claims-0-statement": "Sekitar 40 pelanggan tetap membeli tiap minggu.",
                "claims-0-evidence_note": "Catatan penjualan",
            }
        )

    @staticmethod
    def images(data, form):
        data["hero_alt_text"] = "Kopi bubuk dalam kantong"

    @staticmethod
    def declarations(data, form):
        data["no_material_connection"] = "on"
        data["consent_to_publish"] = "on"


class Moderator(_Person):
    fixed_count = 2
    role = "moderator"
    wait_time = between(3, 6)

    def on_start(self):
        self.number = next(_moderators) % len(ACCOUNTS["moderators"])
        self.account = ACCOUNTS["moderators"][self.number]
        self.address = f"127.0.0.{50 + self.number}"
        super().on_start()

    @task
    def review(self):
        account = self.account
        if not self.logged_in and not self.log_in(
            account["username"], account["password"], account["secret"]
        ):
            time.sleep(5)
            return
        queue = self.send("GET", "/admin/reviews/queue/", name="/admin/reviews/queue/")
        if queue is None or queue.status_code != 200:
            if queue is not None and queue.status_code == 302:
                self.logged_in = False
            return
        links = re.findall(r'href="(/admin/reviews/queue/(\d+)/)"', queue.text)
        if not links:
            return
        url, story = links[(self.number * 7 + int(time.time())) % len(links)]
        screen = self.send("GET", url, name="/admin/reviews/queue/[id]/")
        if screen is None or screen.status_code != 200:
            return
        take = page_form(screen.text, "action")
        if 'value="take"' in screen.text and take is not None:
            data = dict(take["fields"])
            data["action"] = "take"
            self.send("POST", url, name="/admin/reviews/queue/[id]/ take", data=data)
            screen = self.send("GET", url, name="/admin/reviews/queue/[id]/")
            if screen is None or screen.status_code != 200:
                return
        form = self.decision_form(screen.text, "approve")
        if form is None:
            return
        answer = self.send(
            "POST", url, name="/admin/reviews/queue/[id]/ approve", data=form, ok=(302,)
        )
        if answer is not None and answer.status_code == 302:
            record(kind="approved", story=int(story))

    @staticmethod
    def decision_form(html: str, decision: str) -> dict | None:
        """The approval form, every checklist item passed (the first choice of each that is
        not a failure), its comments filled in."""
        parser = _Forms()
        parser.feed(html)
        for form in parser.forms:
            # The review screen names its decision in a hidden field ("action"), not the button.
            chosen = ("action", decision) in form["buttons"] or ["action", decision] in form[
                "fields"
            ]
            if not chosen:
                continue
            data = dict(form["fields"])
            for name, choices in form["choices"].items():
                passed = [c for c in choices if c in ("pass", "passed", "yes", "on", "true")]
                data[name] = passed[0] if passed else choices[0]
            for name, value in list(data.items()):
                if not value and name.endswith(("comment", "note", "notes", "evidence_seen")):
                    data[name] = "Diperiksa."
            data["action"] = decision
            return data
        return None
