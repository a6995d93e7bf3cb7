"""The transparency checklist a moderator completes, item by item, before a story can be published."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Check:
    code: str
    label: Promise
    public_label: Promise
    # A check that may end as "evidence could not be seen" (the story is then "reviewed", not "verified").
    evidence_based: bool = False


CHECKS = [
    Check(
        "real_product",
        _("The product or service is real and described"),
        _("A real product or service is described"),
    ),
    Check(
        "income_claims",
        _("Each income claim is typical and backed by evidence, or removed"),
        _("Income claims are typical and backed by evidence"),
        evidence_based=True,
    ),
    Check(
        "no_recruitment_earnings",
        _("Earnings do not come from recruiting"),
        _("Earnings come from selling, not from recruiting"),
    ),
    Check(
        "no_guaranteed_returns",
        _("No guaranteed or fixed returns are promised"),
        _("No guaranteed or fixed returns are promised"),
    ),
    Check(
        "material_connection",
        _("Any material connection is disclosed"),
        _("Material connections are disclosed"),
    ),
    Check("consent", _("Consent to publish is on file"), _("The storyteller consented to publish")),
    Check(
        "identity",
        _("The submitter's identity is confirmed"),
        _("The storyteller's identity was confirmed"),
        evidence_based=True,
    ),
]

CHECKS_BY_CODE = {check.code: check for check in CHECKS}
