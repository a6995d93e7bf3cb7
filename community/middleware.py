from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from .auth import admin_prefix, may_use_admin
from .two_factor import has_authenticator_app, passed_two_factor


def staff_areas() -> tuple[str, ...]:
    """The URL prefixes for staff only: the Wagtail admin and the private evidence files.

    None in a URLconf without them (some tests use their own).
    """
    try:
        return admin_prefix(), reverse("stories:evidence", args=[0]).removesuffix("0/")
    except NoReverseMatch:
        return ()


class StaffAreaMiddleware:
    """Every request to a staff area passes here, after authentication and before any view.

    - Moderators and administrators need an authenticator app (TOTP): without one they are sent
      to set it up; with one, a session that did not pass the two-factor step (allauth's
      authentication records hold no "mfa" entry) is sent to enter a code first.
    - A logged-in member who opens an admin address goes to their dashboard (Wagtail would send
      them to the login, which sends a logged-in visitor back to the admin). The evidence view
      answers members with a 404 of its own.

    Logging out stays open to everyone.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        areas = staff_areas()
        if (
            areas
            and path.startswith(areas)
            and path not in self.open_paths()
            and request.user.is_authenticated
        ):
            refusal = self.refusal(request, path)
            if refusal is not None:
                return refusal
        return self.get_response(request)

    def refusal(self, request, path):
        user = request.user
        if not may_use_admin(user):
            if path.startswith(admin_prefix()):
                messages.info(request, _("Moderation is only for moderators and administrators."))
                return redirect("community:dashboard")
            return None
        if not has_authenticator_app(user):
            messages.warning(
                request,
                _(
                    "Moderators and administrators protect their account with two-factor "
                    "authentication. Set up an authenticator app to continue."
                ),
            )
            return redirect("mfa_activate_totp")
        if not passed_two_factor(request):
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('mfa_reauthenticate')}?{query}")
        return None

    @staticmethod
    def open_paths() -> set[str]:
        return {reverse("wagtailadmin_login"), reverse("wagtailadmin_logout")}
