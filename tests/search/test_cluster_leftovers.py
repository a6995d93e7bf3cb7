"""A rebuild that fails leaves no index of its own behind, and `search_index --check` / `--clean`
find and remove one that the cluster would not delete (a real OpenSearch node)."""

import datetime
import io
import logging

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from search import maintenance
from search.engines import cluster
from search.engines.cluster import upkeep
from tests.factories import StoryPageFactory

pytestmark = pytest.mark.django_db


def _our_indices() -> dict[str, set[str]]:
    found = cluster.call("indices.get_alias", index=f"{cluster.alias_name()}-*")
    return {name: set(data["aliases"]) for name, data in found.items()}


@pytest.fixture
def five_stories(cluster_engine, story_index):
    for n in range(5):
        StoryPageFactory(title=f"Kopi {n}", summary=f"Kopi {n}", industries=["food-beverage"])
    [old] = _our_indices()
    return old


def test_rebuild__interrupted_part_way__new_index_dropped_alias_kept(five_stories):
    def interrupt(done, total):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        maintenance.rebuild(interrupt, batch_size=2)

    assert _our_indices() == {five_stories: {cluster.alias_name()}}


def test_rebuild__interrupted_at_the_swap__new_index_dropped_alias_kept(five_stories, monkeypatch):
    def interrupt():
        raise KeyboardInterrupt

    monkeypatch.setattr(upkeep, "_serving_settings", interrupt)
    with pytest.raises(KeyboardInterrupt):
        maintenance.rebuild(batch_size=2)

    assert _our_indices() == {five_stories: {cluster.alias_name()}}


def _refuse_deletion(name: str, refused: bool) -> None:
    cluster.call("indices.put_settings", index=name, body={"index": {"blocks.read_only": refused}})


def _command(*args) -> str:
    out = io.StringIO()
    call_command("search_index", *args, stdout=out)
    return out.getvalue()


def test_left_behind__check_lists_it__clean_keeps_it_while_young__then_removes_it(
    five_stories, caplog
):
    left = cluster.begin_rebuild()
    _refuse_deletion(left, True)
    with caplog.at_level(logging.WARNING):
        cluster.abandon_rebuild(left)
    assert left in _our_indices()
    assert f"its new index {left} may be left behind" in caplog.text

    out = _command("--check")
    assert f"not behind the alias: {left}, created 0 min ago: a rebuild in progress" in out
    assert five_stories not in out

    out = _command("--clean")
    assert f"kept {left}: created 0 min ago, less than 6 h 0 min" in out
    assert left in _our_indices()

    with pytest.raises(CommandError, match="1 index\\(es\\) could not be removed"):
        _command("--clean", "--older-than", "0")
    _refuse_deletion(left, False)
    out = _command("--clean", "--older-than", "0")
    assert f"removed {left} (created 0 min ago, behind no alias)" in out
    assert _our_indices() == {five_stories: {cluster.alias_name()}}
    assert "no index left behind" in _command("--clean", "--older-than", "0")
    assert "not behind the alias" not in _command("--check")


def test_check__an_index_older_than_any_rebuild__fails_the_check(five_stories, monkeypatch):
    # No rebuild runs longer than CLEAN_AFTER; here every index is older than that.
    monkeypatch.setattr(maintenance, "CLEAN_AFTER", datetime.timedelta(0))
    left = cluster.begin_rebuild()
    # Named like ours but not as this site names its indices (a name and 20 digits): never touched.
    other = f"{cluster.alias_name()}-archive"
    cluster.call("indices.create", index=other, body={"settings": {"number_of_shards": 1}})

    out = io.StringIO()
    with pytest.raises(CommandError, match="left an index behind: run search_index --clean"):
        call_command("search_index", "--check", stdout=out)
    assert f"not behind the alias: {left}, created 0 min ago: left behind by a failed rebuild" in (
        out.getvalue()
    )
    assert other not in out.getvalue()

    assert f"removed {left}" in _command("--clean")
    assert set(_our_indices()) == {five_stories, other}
    assert "not behind the alias" not in _command("--check")


def test_clean__older_than_is_a_number_of_minutes(cluster_engine):
    with pytest.raises(CommandError, match="invalid minutes value"):
        call_command("search_index", "--clean", "--older-than", "soon")
    with pytest.raises(CommandError, match="--older-than goes with --clean"):
        call_command("search_index", "--check", "--older-than", "5")
