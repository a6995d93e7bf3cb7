import time

from allauth.mfa import app_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from demo.accounts import DEMO_ACCOUNTS, demo_totp_secret


class Command(BaseCommand):
    help = gettext_lazy(
        "Print the current two-factor code of a demo account (admin or moderator). Only for the "
        "demo accounts whose authenticator app uses the published demo secret."
    )

    def create_parser(self, prog_name, subcommand, **kwargs):
        # argparse formats the description as a str; a lazy translation is read in the
        # language the command runs in.
        self.help = str(self.help)
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("username", help=gettext_lazy("The demo account, e.g. moderator."))

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        secret = demo_totp_secret(user) if user is not None else None
        if secret is None:
            raise CommandError(
                _(
                    "%(username)s is not a demo account with the published demo secret, so this "
                    "command prints no code for it. Demo accounts: %(demo)s."
                )
                % {
                    "username": username,
                    "demo": ", ".join(a.username for a in DEMO_ACCOUNTS if a.totp_secret),
                }
            )
        now = int(time.time())
        self.stdout.write(format_hotp_value(hotp_value(secret, now // app_settings.TOTP_PERIOD)))
        self.stderr.write(
            _("(valid for %(seconds)d more seconds)")
            % {"seconds": app_settings.TOTP_PERIOD - now % app_settings.TOTP_PERIOD}
        )
