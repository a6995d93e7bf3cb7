import datetime
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from search import maintenance
from search.engines.cluster import ClusterUnavailable

SHOWN_IDS = 20
BAR_WIDTH = 30


def minutes(value: str) -> int:
    number = int(value)
    if number < 0:
        raise ValueError(value)
    return number


def _age(age: datetime.timedelta) -> str:
    minutes = int(age.total_seconds() // 60)
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60} min"


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
    help = (
        "Rebuild the story search indexes, check them against the database, apply pending "
        "updates, or remove cluster indices that failed rebuilds left behind."
    )

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
        group.add_argument(
            "--clean",
            action="store_true",
            help=(
                "Delete the cluster indices named like this site's that the alias does not name "
                "(left by failed rebuilds), if older than --older-than."
            ),
        )
        parser.add_argument(
            "--older-than",
            type=minutes,
            metavar="MINUTES",
            help=(
                "With --clean: remove only indices created at least this many minutes ago "
                f"(default {maintenance.CLEAN_AFTER.total_seconds() // 60:.0f}; a rebuild in "
                "progress looks the same until it finishes)."
            ),
        )

    def _report(self, done) -> None:
        for engine, name, count in done:
            self.stdout.write(f"{engine}: indexed {count} stories into {name}")

    def _clean(self, older_than) -> None:
        if older_than is None:
            limit = maintenance.CLEAN_AFTER
        else:
            limit = datetime.timedelta(minutes=older_than)
        now = timezone.now()
        failed = 0
        outcome = maintenance.clean(limit)
        for item in outcome:
            name, age = item.index.name, _age(item.index.age(now))
            if item.removed:
                self.stdout.write(f"removed {name} (created {age} ago, behind no alias)")
            elif item.error:
                failed += 1
                self.stdout.write(f"could not remove {name}: {item.error}")
            else:
                self.stdout.write(
                    f"kept {name}: created {age} ago, less than {_age(limit)}; it may be a rebuild "
                    "in progress (lower --older-than once none runs)"
                )
        if not outcome:
            self.stdout.write("no index left behind: every index of this site is behind the alias")
        if failed:
            raise CommandError(f"{failed} index(es) could not be removed; run --clean again later.")

    def handle(self, *args, rebuild, check, flush, clean, older_than, **options):
        if older_than is not None and not clean:
            raise CommandError("--older-than goes with --clean.")
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
                        "was filling, if any, was deleted (search_index --check lists one the "
                        "cluster could not delete); searches are still answered from the "
                        "previous index. Run search_index --rebuild again once the cluster is back."
                    ) from error
                self._report(done)
            elif clean:
                self._clean(older_than)
            elif flush:
                result = maintenance.flush()
                self.stdout.write(f"applied {result['cluster']}, still pending {result['pending']}")
            else:
                healthy, out_of_date = True, False
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
                    left_behind = report.left_behind()
                    for index in report.stray:
                        age = _age(index.age(report.checked_at))
                        what = (
                            "left behind by a failed rebuild (search_index --clean removes it)"
                            if index in left_behind
                            else "a rebuild in progress, or left behind by a failed one"
                        )
                        self.stdout.write(
                            f"  not behind the alias: {index.name}, created {age} ago: {what}"
                        )
                    healthy = healthy and report.ok
                    out_of_date = out_of_date or bool(
                        report.missing or report.stale or report.extra or report.outdated
                    )
                if out_of_date:
                    raise CommandError(
                        "The search index is out of date: run search_index --rebuild."
                    )
                if not healthy:
                    raise CommandError(
                        "A failed rebuild left an index behind: run search_index --clean."
                    )
        except ClusterUnavailable as error:
            raise CommandError(f"The search cluster is unavailable: {error}") from error
