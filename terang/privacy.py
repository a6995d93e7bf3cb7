"""The privacy notice: what Terang keeps about people, why, for how long and who sees it.

The periods come from the code that enforces them (``stories.retention``, the log-in throttle's
settings), so the notice and the deletions cannot drift apart.
"""

from django.conf import settings
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from stories.page_cache import cacheable
from stories.retention import retention_days


@require_safe
@cacheable
def privacy_notice(request):
    throttle = settings.TERANG_LOGIN_THROTTLE
    return TemplateResponse(
        request,
        "privacy.html",
        {
            "evidence_days": retention_days("evidence_offline_days"),
            "scan_feedback_days": retention_days("scan_feedback_days"),
            "reporter_email_days": retention_days("reporter_email_days"),
            "throttle_hours": throttle["memory"] // 3600,
            "session_days": settings.SESSION_COOKIE_AGE // (24 * 3600),
            "contact": settings.TERANG_PRIVACY_CONTACT,
        },
    )
