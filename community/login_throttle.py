"""The log-in throttle: a django-axes handler with a growing cool-down, in the shared cache.

Every failed ``authenticate()`` (any login path, reauthentication too) counts in two buckets:

- **account on an address**: the canonical account (``community.auth.account_key``: username and
  e-mail address of one account are one account; an unknown login by its normalised form) together
  with the client's IP address;
- **address**: the IP address alone, whatever accounts it tries.

Never the account alone: failures from one address must not lock a moderator out from another.
A bucket allows some free failures; from then on every failure starts a cool-down that doubles
with each further failure (1 min, 2, 4, … up to 1 hour). While any bucket of an attempt cools
down, axes' backend refuses the attempt before any password is checked, and the refusal counts as
another failure. A bucket is forgotten a day after its last failure; a successful login empties
the account-on-this-address bucket (never the address bucket, or logging in to one's own account
between guesses would reset it).

The counts live in the database cache every process shares (``AXES_CACHE = "shared"``), changed
under a short lock so that simultaneous failures on several servers are all counted.
"""

import hashlib
import json
import logging
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

from allauth.account.adapter import get_adapter
from allauth.core.internal.ratelimit import truncate_ip
from axes.handlers.base import AbstractAxesHandler, AxesBaseHandler
from axes.helpers import (
    get_cache,
    get_client_parameters,
    get_client_username,
    get_cool_off,
)
from django.conf import settings
from django.core.exceptions import PermissionDenied

from .auth import account_key, login_from

log = logging.getLogger(__name__)

# AXES_LOCKOUT_PARAMETERS entries, by the name of their bucket.
BUCKETS = {("ip_address",): "ip", ("ip_address", "username"): "account_ip"}
LOCK_WAIT_SECONDS = 2.0
LOCK_TIMEOUT_SECONDS = 10
UNKNOWN_ADDRESS = "unknown"

# The time the throttle reads; the tests move it forward instead of sleeping.
clock = time.time


def policy() -> dict:
    return settings.TERANG_LOGIN_THROTTLE


def cool_down_seconds(bucket: str, failures: int) -> float:
    """How long a bucket with ``failures`` failures refuses attempts after its last one."""
    rules = policy()
    free = rules["free_failures"][bucket]
    if failures < free:
        return 0.0
    return float(min(rules["first_cool_down"] * 2 ** (failures - free), rules["longest_cool_down"]))


# axes' AXES_* callables ----------------------------------------------------------------------


def client_ip(request) -> str:
    """AXES_CLIENT_IP_CALLABLE: the address allauth's rate limits see (trusted proxies honoured)."""
    try:
        return truncate_ip(get_adapter(request).get_client_ip(request))
    except PermissionDenied:
        return UNKNOWN_ADDRESS


def username(request, credentials) -> str:
    """AXES_USERNAME_CALLABLE: the canonical account, the same for username and e-mail address."""
    memo = request.__dict__.setdefault("_terang_account_keys", {}) if request is not None else {}
    login = login_from(credentials)
    if login not in memo:
        memo[login] = account_key(login)
    return memo[login]


def cool_off(request) -> timedelta:
    """AXES_COOLOFF_TIME: the cool-down the request's client is in now (0 when none)."""
    if request is None or not hasattr(request, "axes_ip_address"):
        return timedelta(0)
    credentials = getattr(request, "axes_credentials", None)
    now = clock()
    remaining = [
        max(0.0, state.until - now) for state in LoginThrottle().states(request, credentials)
    ]
    return timedelta(seconds=max(remaining, default=0.0))


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: keep the form the view rendered (with the one failure message)."""
    return original_response


# The handler ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class BucketState:
    bucket: str
    key: str
    failures: int
    last: float

    @property
    def until(self) -> float:
        return self.last + cool_down_seconds(self.bucket, self.failures) if self.failures else 0.0


class LoginThrottle(AbstractAxesHandler, AxesBaseHandler):
    """AXES_HANDLER: per address and per account on an address, with a growing cool-down."""

    def __init__(self):
        self.cache = get_cache()

    # Which buckets an attempt falls into.

    def keys(self, request, credentials=None, account=None) -> list[tuple[str, str]]:
        account = account if account is not None else get_client_username(request, credentials)
        address = getattr(request, "axes_ip_address", None) or UNKNOWN_ADDRESS
        found = []
        for parameters in get_client_parameters(
            account, address, getattr(request, "axes_user_agent", ""), request, credentials
        ):
            bucket = BUCKETS[tuple(sorted(parameters))]
            digest = hashlib.sha256(
                json.dumps(parameters, sort_keys=True).encode("utf-8")
            ).hexdigest()
            found.append((bucket, f"terang-login-throttle:{bucket}:{digest}"))
        return found

    def _state(self, bucket: str, key: str) -> BucketState:
        stored = self.cache.get(key) or {}
        return BucketState(bucket, key, stored.get("failures", 0), stored.get("last", 0.0))

    def states(self, request, credentials=None) -> list[BucketState]:
        return [self._state(bucket, key) for bucket, key in self.keys(request, credentials)]

    @contextmanager
    def _locked(self, key: str):
        """A short lock around one bucket's read and write, over every process (cache.add)."""
        lock = f"{key}:lock"
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        acquired = self.cache.add(lock, 1, timeout=LOCK_TIMEOUT_SECONDS)
        while not acquired and time.monotonic() < deadline:
            time.sleep(0.01)
            acquired = self.cache.add(lock, 1, timeout=LOCK_TIMEOUT_SECONDS)
        try:
            # Without the lock after the wait the failure is still counted: better a count that
            # may race than none.
            yield
        finally:
            if acquired:
                self.cache.delete(lock)

    # axes' handler interface.

    def get_failures(self, request, credentials=None) -> int:
        return max((state.failures for state in self.states(request, credentials)), default=0)

    def is_locked(self, request, credentials=None) -> bool:
        now = clock()
        return any(state.until > now for state in self.states(request, credentials))

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        if request is None:
            log.error("login throttle: a failed login without a request cannot be counted")
            return
        if self.is_whitelisted(request, credentials):
            return
        now = clock()
        counted = []
        for bucket, key in self.keys(request, credentials):
            with self._locked(key):
                failures = self._state(bucket, key).failures + 1
                self.cache.set(key, {"failures": failures, "last": now}, timeout=policy()["memory"])
            counted.append((bucket, failures))
        request.axes_failures_since_start = max(failures for _, failures in counted)
        request.axes_credentials = credentials
        account = get_client_username(request, credentials)
        log.warning(
            "login throttle: failed login for %s from %s, cool-down now %ds; %s",
            account if account.startswith("account:") else "an unknown account",
            request.axes_ip_address,
            get_cool_off(request).total_seconds(),
            ", ".join(
                f"{bucket} failures={failures} free={policy()['free_failures'][bucket]} "
                f"cool_down={cool_down_seconds(bucket, failures):.0f}s"
                for bucket, failures in counted
            ),
        )

    def user_logged_in(self, sender, request, user, **kwargs):
        """A successful login empties its account-on-this-address bucket (not the address's)."""
        if request is None or user is None or user.pk is None:
            return
        for bucket, key in self.keys(request, account=f"account:{user.pk}"):
            if bucket == "account_ip":
                self.cache.delete(key)

    def user_logged_out(self, sender, request, user, **kwargs):
        return None
