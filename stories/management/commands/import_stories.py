from django.core.management.base import BaseCommand, CommandError

from stories.importing import (
    DEFAULT_SOURCE,
    MAX_SOURCE_LENGTH,
    SYSTEM_USERNAME,
    ImportSetupError,
    LineRejection,
    import_stories,
    importer_account,
)


class Command(BaseCommand):
    help = (
        "Import stories from a JSON Lines file, one story per line. Without --publish every story "
        "is submitted to the review workflow; with --publish it is published directly. Prints "
        "'line N: field: reason' on stderr for each rejected line and "
        "'imported A, updated B, rejected C' as the last line on stdout; exits with 1 when a line "
        "was rejected."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The JSON Lines file (UTF-8) to import.")
        parser.add_argument(
            "--publish",
            action="store_true",
            help=(
                "Publish the stories directly, for content already verified elsewhere; recorded in "
                "the audit log. published_at becomes the first-published date."
            ),
        )
        parser.add_argument(
            "--create-industries",
            action="store_true",
            help="Create an industry that is not on the list instead of rejecting the line.",
        )
        parser.add_argument(
            "--source",
            default=DEFAULT_SOURCE,
            help=(
                f"Where the stories come from (1 to {MAX_SOURCE_LENGTH} characters, default "
                f"'{DEFAULT_SOURCE}'). external_id is unique per source."
            ),
        )
        parser.add_argument(
            "--user",
            help=(
                "Username of the account recorded as importer and owner. Default: the inactive "
                f"system account '{SYSTEM_USERNAME}', created when first needed."
            ),
        )

    def handle(self, *args, **options):
        verbose = options["verbosity"] >= 2
        try:
            user = importer_account(options["user"]) if options["user"] else None
            report = import_stories(
                path=options["path"],
                publish=options["publish"],
                source=options["source"],
                create_industries=options["create_industries"],
                user=user,
                on_rejection=lambda rejection: self._write_rejection(rejection, verbose),
            )
        except ImportSetupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(report.summary())
        if report.rejected:
            raise SystemExit(1)

    def _write_rejection(self, rejection: LineRejection, verbose: bool) -> None:
        messages = rejection.messages()
        for message in messages if verbose else messages[:1]:
            self.stderr.write(message)
