from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel

from .permissions import is_moderator


class EvidencePanel(Panel):
    """Lists a story's private evidence files, with download links, for moderators only."""

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("Private evidence"))
        super().__init__(**kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "stories/admin/evidence_panel.html"

        def is_shown(self):
            return bool(self.instance.pk) and is_moderator(self.request.user)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            claims = {claim.key: claim for claim in self.instance.claims.all()}
            context["evidence_files"] = [
                (evidence, claims.get(evidence.claim_key))
                for evidence in self.instance.evidence_files.all()
            ]
            return context
