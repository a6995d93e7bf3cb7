import time

from django.core.management.base import BaseCommand, CommandError

from search import maintenance
from search.engines.cluster import ClusterUnavailable

SHOWN_IDS = 20
BAR_WIDTH = 30


class Progress:
    """A progress bar on a terminal; elsewhere (a log, CI) a line at every tenth of the work."""

    def __init__(self, out, *, terminal: bool):
        self.out = out
        self.terminal = terminal
        self.started = time.monotonic()
        self.last_tenth = -1

    def __call__(self, done: int, total: int) -> None:
        share = done / total if total else 1.0
        elapsed = time.monotonic() - self.started
        figures = f"{share:4.0%}  {done:,}/{total:,} stories  {elapsed:.0f} s"
        if self.terminal:
            filled = round(share * BAR_WIDTH)
            bar = "#" * filled + "-" * (BAR_WIDTH - filled)
            self.out.write(f"\r[{bar}] {figures}", ending="\n" if done >= total else "")
            self.out.flush()
        elif int(share * 10) > self.last_tenth:
            self.last_tenth = int(share * 10)
            self.out.write(figures)


class Command(BaseCommand):
    help = "Rebuild the story search indexes, check them against the database, or apply pending updates."

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument(
            "--rebuild",
            action="store_true",
            help="Build new indexes from every live story (the cluster index behind an alias swap).",
        )
        group.add_argument(
            "--check",
            action="store_true",
            help="Report stories missing from, stale in, or wrongly present in each index.",
        )
        group.add_argument(
            "--flush",
            action="store_true",
            help="Apply the cluster updates that are waiting after an outage.",
        )

    def _report(self, done) -> None:
        for engine, name, count in done:
            self.stdout.write(f"{engine}: indexed {count} stories into {name}")

    def handle(self, *args, rebuild, check, flush, **options):
        try:
            if rebuild:
                progress = None
                if options["verbosity"] > 0:
                    progress = Progress(self.stdout, terminal=self.stdout.isatty())
                try:
                    done = maintenance.rebuild(progress)
                except maintenance.ClusterRebuildFailed as error:
                    self._report(error.done)
                    raise CommandError(
                        f"The search cluster failed during the rebuild ({error}). The index it "
                        "was filling, if any, was deleted; searches are still answered from the "
                        "previous index. Run search_index --rebuild again once the cluster is back."
                    ) from error
                self._report(done)
            elif flush:
                result = maintenance.flush()
                self.stdout.write(f"applied {result['cluster']}, still pending {result['pending']}")
            else:
                healthy = True
                for report in maintenance.check():
                    self.stdout.write(
                        f"{report.engine}: missing {len(report.missing)}, stale {len(report.stale)}, "
                        f"extra {len(report.extra)}"
                    )
                    for label, ids in (
                        ("missing", report.missing),
                        ("stale", report.stale),
                        ("extra", report.extra),
                    ):
                        if ids:
                            shown = ", ".join(str(pk) for pk in ids[:SHOWN_IDS])
                            self.stdout.write(f"  {label}: {shown}")
                    for name in report.outdated:
                        self.stdout.write(
                            f"  outdated: {name} was built for an older index definition "
                            "(analysers or fields changed in this release)"
                        )
                    healthy = healthy and report.ok
                if not healthy:
                    raise CommandError(
                        "The search index is out of date: run search_index --rebuild."
                    )
        except ClusterUnavailable as error:
            raise CommandError(f"The search cluster is unavailable: {error}") from error
