from django.db import models
from django.utils.translation import gettext_lazy as _


class Language(models.TextChoices):
    INDONESIAN = "id", _("Indonesian")
    ENGLISH = "en", _("English")


class SubjectKind(models.TextChoices):
    PERSON = "person", _("A person")
    ORGANIZATION = "organization", _("An organisation")


class ClaimKind(models.TextChoices):
    INCOME = "income", _("Income")
    PRODUCT = "product", _("Product or service")
    TIME = "time", _("Time")
    OTHER = "other", _("Other")


class Verification(models.TextChoices):
    UNREVIEWED = "", _("Not reviewed yet")
    REVIEWED = "reviewed", _("Reviewed")
    VERIFIED = "verified", _("Verified")


class ReviewStep(models.TextChoices):
    """The two steps of a story's review, each done by a different person."""

    TRANSPARENCY = "transparency", _("Transparency review")
    EDITORIAL = "editorial", _("Editorial approval")


class ReviewKind(models.TextChoices):
    """How a story revision came to be cleared for publishing."""

    WORKFLOW = "workflow", _("Reviewed in the “Story review” workflow")
    IMPORT = "import", _("Imported as verified elsewhere (import_stories --publish)")
    LEGACY = "legacy", _("Published before reviews were recorded per version")


class ReviewOutcome(models.TextChoices):
    APPROVED = "approved", _("Approved")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    REJECTED = "rejected", _("Rejected")


class ReviewReason(models.TextChoices):
    """The published list of reasons a moderator gives when sending a story back or rejecting it."""

    INCOME_WITHOUT_EVIDENCE = "income_without_evidence", _("An income claim has no evidence")
    ATYPICAL_INCOME = "atypical_income", _("An income claim is not typical and says not so")
    RECRUITMENT_EARNINGS = "recruitment_earnings", _("Earnings come from recruiting, not selling")
    GUARANTEED_RETURNS = "guaranteed_returns", _("The story promises guaranteed or fixed returns")
    NO_REAL_PRODUCT = "no_real_product", _("No real product or service is described")
    UNDISCLOSED_CONNECTION = "undisclosed_connection", _("A material connection is not disclosed")
    MISSING_CONSENT = "missing_consent", _("Consent to publish is missing")
    IDENTITY_UNCONFIRMED = (
        "identity_unconfirmed",
        _("The storyteller's identity could not be confirmed"),
    )
    ORGANIZATION_UNVERIFIED = (
        "organization_unverified",
        _("The organisation could not be verified or is on the regulator's list"),
    )
    OTHER = "other", _("Other (see the comment)")


class CheckResult(models.TextChoices):
    PASSED = "passed", _("Passed")
    NOT_SEEN = "not_seen", _("Evidence could not be seen")
    NOT_APPLICABLE = "not_applicable", _("Does not apply")
    FAILED = "failed", _("Failed")


class StoryStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    PUBLISHED = "published", _("Published")
    UPDATE_IN_REVIEW = "update_in_review", _("Published; your update is in review")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ReportReason(models.TextChoices):
    """The published list of reasons a reader gives when reporting a story."""

    MISLEADING_INCOME = "misleading_income", _("Misleading income claim")
    PYRAMID_OR_ILLEGAL_INVESTMENT = (
        "pyramid_or_illegal_investment",
        _("Looks like a pyramid scheme or an illegal investment"),
    )
    IDENTITY_MISUSE = "identity_misuse", _("Not my story / identity misuse")
    PRIVATE_INFORMATION = "private_information", _("Private information")
    LEGAL_REQUEST = "legal_request", _("A legal request")
    OTHER = "other", _("Other")


# How urgent each reason is for the moderators' queue (0 first). The first three may take a story
# off the site at once; the others can at most send it back to review.
REPORT_SEVERITY = {
    ReportReason.IDENTITY_MISUSE: 0,
    ReportReason.PRIVATE_INFORMATION: 0,
    ReportReason.LEGAL_REQUEST: 0,
    ReportReason.PYRAMID_OR_ILLEGAL_INVESTMENT: 1,
    ReportReason.MISLEADING_INCOME: 2,
    ReportReason.OTHER: 3,
}
UNPUBLISH_REASONS = frozenset(
    reason for reason, severity in REPORT_SEVERITY.items() if severity == 0
)


class ReportStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DISMISSED = "dismissed", _("Dismissed")
    REREVIEW = "rereview", _("Story sent back to review")
    UNPUBLISHED = "unpublished", _("Story taken off the site")


class ReportDecision(models.TextChoices):
    """What a moderator decides for every open report of a story at once."""

    DISMISS = "dismiss", _("Dismiss the reports")
    REREVIEW = "rereview", _("Send the story back to review (it stays up meanwhile)")
    UNPUBLISH = "unpublish", _("Take the story off the site at once")
