"""The transparency checklist a moderator completes, item by item, before a story can be published,
and the public report made from it."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .choices import CheckResult, ReviewKind, Verification


@dataclass(frozen=True)
class Check:
    code: str
    label: Promise
    public_label: Promise
    # A few words for the summary under a story's title ("Real product ✓").
    short_label: Promise
    # A check that may end as "evidence could not be seen" (the story is then "reviewed", not "verified").
    evidence_based: bool = False
    # Shown in the summary under a story's title whatever its result; the others only when unconfirmed.
    headline: bool = False
    # A "verified" story needs this check passed: "does not apply" does not confirm it.
    must_pass_to_verify: bool = False


CHECKS = [
    Check(
        "real_product",
        _("The product or service is real and described"),
        _("A real product or service is described"),
        _("Real product"),
        headline=True,
    ),
    Check(
        "income_claims",
        _("Each income claim is typical and backed by evidence, or removed"),
        _("Income claims are typical and backed by evidence"),
        _("Income backed by evidence"),
        evidence_based=True,
        headline=True,
    ),
    Check(
        "no_recruitment_earnings",
        _("Earnings do not come from recruiting"),
        _("Earnings come from selling, not from recruiting"),
        _("No recruitment earnings"),
        headline=True,
    ),
    Check(
        "no_guaranteed_returns",
        _("No guaranteed or fixed returns are promised"),
        _("No guaranteed or fixed returns are promised"),
        _("No guaranteed returns"),
    ),
    Check(
        "material_connection",
        _("Any material connection is disclosed"),
        _("Material connections are disclosed"),
        _("Connections disclosed"),
    ),
    Check(
        "consent",
        _("Consent to publish is on file"),
        _("The storyteller consented to publish"),
        _("Consent on file"),
    ),
    Check(
        "identity",
        _("The submitter's identity is confirmed"),
        _("The storyteller's identity was confirmed"),
        _("Identity"),
        evidence_based=True,
        must_pass_to_verify=True,
    ),
]

CHECKS_BY_CODE = {check.code: check for check in CHECKS}

# A check missing from a recorded checklist (a review recorded before the check existed).
NOT_RECORDED = "not_recorded"
NOT_RECORDED_LABEL = _("Not recorded")

# The result as the summary under a story's title shows it, after the check's short label.
SHORT_RESULT_LABELS = {
    CheckResult.NOT_SEEN: _("not seen"),
    CheckResult.NOT_APPLICABLE: _("does not apply"),
    CheckResult.FAILED: _("failed"),
    NOT_RECORDED: _("not recorded"),
}


@dataclass(frozen=True)
class ReportedCheck:
    """One check of a completed checklist with its one result."""

    check: Check
    result: str

    @property
    def status(self) -> str:
        return self.result or NOT_RECORDED

    @property
    def passed(self) -> bool:
        return self.result == CheckResult.PASSED

    @property
    def confirmed(self) -> bool:
        """Whether this result lets a story be "verified"."""
        if self.check.must_pass_to_verify:
            return self.passed
        return self.result in (CheckResult.PASSED, CheckResult.NOT_APPLICABLE)

    @property
    def label(self) -> Promise:
        return self.check.public_label

    @property
    def short_label(self) -> Promise:
        return self.check.short_label

    @property
    def result_label(self) -> Promise:
        return CheckResult(self.result).label if self.result else NOT_RECORDED_LABEL

    @property
    def short_result_label(self) -> Promise | str:
        return SHORT_RESULT_LABELS.get(self.status, "")


def reported_checks(checks: Mapping[str, str]) -> tuple[ReportedCheck, ...]:
    """Every check of the checklist, in its order, each with its one result from ``checks``.

    Nothing when no checklist was recorded at all. A check missing from a recorded checklist is
    reported as not recorded, never left out; a code the checklist no longer has is ignored.
    """
    if not checks:
        return ()
    return tuple(ReportedCheck(check, str(checks.get(check.code) or "")) for check in CHECKS)


def verification_for(checks: Mapping[str, str]) -> str:
    """ "verified" only when every check is confirmed (passed, or does not apply where it may);
    "reviewed" when some are not (evidence not seen, the identity not confirmed); no tier at all
    while a check failed or is missing."""
    lines = reported_checks(checks)
    if set(checks) - set(CHECKS_BY_CODE):
        return Verification.UNREVIEWED
    if not lines or any(line.status in (CheckResult.FAILED, NOT_RECORDED) for line in lines):
        return Verification.UNREVIEWED
    if all(line.confirmed for line in lines):
        return Verification.VERIFIED
    return Verification.REVIEWED


@dataclass(frozen=True)
class PublicReport:
    """The public transparency report of one reviewed version of a story.

    The summary under the story's title and the full report lower down both read this one
    object, so they cannot disagree: each check has exactly one result, and "passed", "not
    confirmed" and the summary's lines are all taken from those results.
    """

    tier: str
    reviewed_at: date | None
    checks: tuple[ReportedCheck, ...]
    note: str = ""
    kind: str = ""

    @property
    def reviewed(self) -> bool:
        return bool(self.tier)

    @property
    def verified(self) -> bool:
        return self.tier == Verification.VERIFIED

    @property
    def tier_label(self) -> Promise:
        return Verification(self.tier).label

    @property
    def imported(self) -> bool:
        return self.kind == ReviewKind.IMPORT

    @property
    def passed(self) -> list[ReportedCheck]:
        return [line for line in self.checks if line.passed]

    @property
    def not_confirmed(self) -> list[ReportedCheck]:
        """The checks that keep the story from "verified": the report's "not seen" list."""
        return [line for line in self.checks if not line.confirmed]

    @property
    def any_not_applicable(self) -> bool:
        return any(line.result == CheckResult.NOT_APPLICABLE for line in self.checks)

    @property
    def summary(self) -> list[ReportedCheck]:
        """The checks the summary under the title names: the headline ones, and every other
        check that is not confirmed."""
        return [line for line in self.checks if line.check.headline or not line.confirmed]

    def _rest(self) -> list[ReportedCheck]:
        shown = {line.check.code for line in self.summary}
        return [line for line in self.checks if line.check.code not in shown]

    @property
    def more_passed(self) -> int:
        """How many checks the summary leaves out that passed."""
        return sum(line.passed for line in self._rest())

    @property
    def more_not_applicable(self) -> int:
        """How many checks the summary leaves out that do not apply."""
        return sum(line.result == CheckResult.NOT_APPLICABLE for line in self._rest())
