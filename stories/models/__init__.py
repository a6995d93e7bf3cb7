"""The stories app's models, one module per part of the domain. Everything is importable from
``stories.models`` (migrations name ``stories.models.evidence_upload_to`` and ``private_storage``)."""

from .analytics import StoryLinkClickDay, StoryViewDay
from .evidence import EvidenceFile, TransparencyClaim, evidence_upload_to, private_storage
from .feedback import (
    Appeal,
    AppealOutcome,
    Decided,
    OrganizationReply,
    RefusedReportCount,
    ReplyStatus,
    StoryReport,
)
from .images import CustomImage, CustomRendition
from .pages import (
    REPORT_FIELDS,
    GuideIndexPage,
    GuidePage,
    HomePage,
    StoryIndexPage,
    StoryPage,
    guides_for_language,
)
from .review import (
    EditorialApprovalTask,
    ReviewDecision,
    StoryReview,
    StoryReviewStepMixin,
    TransparencyReviewTask,
    UnreviewedStory,
)
from .scans import ScanFeedback, ScanFlagCode, StoryScan, StoryScanFlag
from .taxonomy import Industry, IndustryQuerySet, StoryIndustry
from .visibility import (
    STORY_CARD_RENDITION,
    public_story_q,
    restricted,
    restricted_paths,
    with_card_images,
)

__all__ = [
    "CustomImage",
    "CustomRendition",
    "public_story_q",
    "restricted",
    "restricted_paths",
    "STORY_CARD_RENDITION",
    "with_card_images",
    "IndustryQuerySet",
    "Industry",
    "StoryIndustry",
    "ReviewDecision",
    "UnreviewedStory",
    "StoryReview",
    "StoryReviewStepMixin",
    "TransparencyReviewTask",
    "EditorialApprovalTask",
    "REPORT_FIELDS",
    "HomePage",
    "StoryIndexPage",
    "StoryPage",
    "guides_for_language",
    "GuideIndexPage",
    "GuidePage",
    "TransparencyClaim",
    "private_storage",
    "evidence_upload_to",
    "EvidenceFile",
    "ScanFlagCode",
    "ScanFeedback",
    "StoryScan",
    "StoryScanFlag",
    "StoryReport",
    "RefusedReportCount",
    "AppealOutcome",
    "Appeal",
    "Decided",
    "ReplyStatus",
    "OrganizationReply",
    "StoryViewDay",
    "StoryLinkClickDay",
]
