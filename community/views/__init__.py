"""Views, one module per sub-domain (the same names as services/ and forms/)."""

from .account import (
    admin_login,
    dashboard,
    email_preferences,
    email_unsubscribe,
    story_readers,
)
from .appeals import story_appeal
from .data_rights import account_delete, data_export, story_consent_withdraw, story_withdraw
from .organizations import organization_create, organization_detail, organization_edit
from .replies import story_reply
from .request_links import request_link_list, request_link_open, request_link_revoke
from .submission import story_check, story_create, story_step, story_submit_view

__all__ = [
    "account_delete",
    "admin_login",
    "dashboard",
    "data_export",
    "email_preferences",
    "email_unsubscribe",
    "organization_create",
    "organization_detail",
    "organization_edit",
    "request_link_list",
    "request_link_open",
    "request_link_revoke",
    "story_appeal",
    "story_check",
    "story_consent_withdraw",
    "story_create",
    "story_readers",
    "story_reply",
    "story_step",
    "story_submit_view",
    "story_withdraw",
]
