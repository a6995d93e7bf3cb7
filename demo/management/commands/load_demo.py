from urllib.parse import urljoin

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from demo.loader import DemoContentError, load_demo


class Command(BaseCommand):
    help = gettext_lazy(
        "Load the demo site: accounts, organisations, stories in Indonesian and English, guides "
        "and images. Running it again adds only what is missing."
    )

    def create_parser(self, prog_name, subcommand, **kwargs):
        # argparse formats the description as a str; a lazy translation is read in the
        # language the command runs in.
        self.help = str(self.help)
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help=gettext_lazy(
                "Run even though DEBUG is off. The demo accounts have published passwords: "
                "never load the demo on a public site."
            ),
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                _(
                    "DEBUG is off, so this may be a public site. The demo creates accounts with "
                    "published passwords. Use --force only on a private, local copy."
                )
            )
        try:
            result = load_demo()
        except (DemoContentError, ValidationError) as error:
            raise CommandError(
                _("The demo could not be loaded: %(error)s") % {"error": error}
            ) from error

        added = {
            "stories": result.stories_created,
            "guides": result.guides_created,
            "images": result.images_created,
            "organizations": result.organizations_created,
        }
        if any(added.values()):
            message = _(
                "Added %(stories)d stories, %(guides)d guides, %(images)d images and "
                "%(organizations)d organisations."
            )
            self.stdout.write(message % added)
        else:
            self.stdout.write(_("Nothing was missing: the demo content was already loaded."))
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Demo ready: %(stories)d stories in %(industries)d industries "
                    "(%(in_review)d more waiting for review), %(guides)d guides, "
                    "%(accounts)d accounts."
                )
                % {
                    "stories": result.stories,
                    "in_review": result.in_review,
                    "industries": result.industries,
                    "guides": result.guides,
                    "accounts": len(result.accounts),
                }
            )
        )
        self.stdout.write(
            self.style.WARNING(
                _(
                    "Demo accounts. These passwords and the two-factor secret are public: use "
                    "them only on this local demo, never on a site others can reach."
                )
            )
        )
        for account in result.accounts:
            self.stdout.write(
                _("  %(role)s: log in at %(url)s as %(login)s with the password %(password)s")
                % {
                    "role": account.role_label,
                    "url": urljoin(settings.WAGTAILADMIN_BASE_URL, account.login_url),
                    "login": account.login,
                    "password": account.password,
                }
            )
            if account.totp_secret:
                self.stdout.write(
                    _(
                        "    then enter the code of an authenticator app set up with the demo "
                        "secret %(secret)s (or this address: %(otpauth)s), or the code that "
                        "`python manage.py demo_totp %(username)s` prints"
                    )
                    % {
                        "secret": account.totp_secret,
                        "otpauth": account.totp_url,
                        "username": account.username,
                    }
                )
        self.stdout.write(
            _(
                "  To add the secret to an authenticator app (Google Authenticator, Aegis, "
                "FreeOTP, 1Password…), choose “enter a setup key” and type it, time-based, or open "
                "the otpauth:// address on the phone."
            )
        )
