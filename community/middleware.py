from django.contrib import messages
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from .auth import admin_prefix, may_use_admin


class StaffAreaMiddleware:
    """The Wagtail admin (/admin/) is for moderators and administrators only.

    A logged-in member who opens an admin address goes to their dashboard (Wagtail would send
    them to the login page, which sends a logged-in visitor back to the admin). Logging out stays
    open to everyone.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        try:
            prefix = admin_prefix()
        except NoReverseMatch:  # a URLconf without the admin (some tests use their own)
            return self.get_response(request)
        if (
            path.startswith(prefix)
            and path not in self.open_paths()
            and request.user.is_authenticated
            and not may_use_admin(request.user)
        ):
            messages.info(request, _("Moderation is only for moderators and administrators."))
            return redirect("community:dashboard")
        return self.get_response(request)

    @staticmethod
    def open_paths() -> set[str]:
        return {reverse("wagtailadmin_login"), reverse("wagtailadmin_logout")}
