"""Write flows for members and organisations, one module per sub-domain (the same names as
forms/ and views/): account, organizations, data_rights, submission. Reads stay on models and querysets."""

from .account import email_topic_unsubscribe, email_topics_choose
from .data_rights import (
    EXPORT_JSON_NAME,
    EXPORT_SECTIONS,
    consent_withdraw,
    member_delete,
    member_export,
    member_export_archive,
    story_withdraw,
)
from .organizations import (
    organization_create,
    organization_update,
)
from .request_links import (
    links_managed_by,
    organizations_managed_by,
    request_link_create,
    request_link_revoke,
    responses_to,
)
from .submission import (
    AboutPart,
    ClaimDraft,
    ClaimsPart,
    DeclarationsMissing,
    DeclarationsPart,
    ImageDraft,
    ImagesPart,
    NothingToSubmit,
    StoryDraft,
    StoryInReview,
    StoryPart,
    story_declarations,
    story_save_draft,
    story_submit,
)

__all__ = [
    "email_topic_unsubscribe",
    "email_topics_choose",
    "organization_create",
    "organization_update",
    "links_managed_by",
    "organizations_managed_by",
    "request_link_create",
    "request_link_revoke",
    "responses_to",
    "EXPORT_JSON_NAME",
    "EXPORT_SECTIONS",
    "consent_withdraw",
    "member_delete",
    "member_export",
    "member_export_archive",
    "story_withdraw",
    "AboutPart",
    "ClaimDraft",
    "ClaimsPart",
    "DeclarationsPart",
    "DeclarationsMissing",
    "ImageDraft",
    "ImagesPart",
    "NothingToSubmit",
    "StoryDraft",
    "StoryPart",
    "StoryInReview",
    "story_declarations",
    "story_save_draft",
    "story_submit",
]
