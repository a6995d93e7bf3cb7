"""bench/chaos.py's /metrics fallback: counters added up per app server, a restart counted from
zero."""

import importlib.util
from pathlib import Path

import pytest

CHAOS = Path(__file__).resolve().parents[2] / "bench" / "chaos.py"


@pytest.fixture(scope="module")
def chaos():
    spec = importlib.util.spec_from_file_location("chaos", CHAOS)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


FALLBACKS = 'terang_search_fallbacks_total{reason="timeout"}'
QUEUED = "terang_index_updates_queued_total"


def test_metric_deltas__each_server_on_its_own__a_restart_counts_from_zero(chaos):
    before = {
        8001: {FALLBACKS: 40.0, QUEUED: 100.0},
        8002: {FALLBACKS: 7.0, QUEUED: 100.0},
    }
    # 8001 restarted during the run and counted 3 since; 8002 counted 5 more.
    after = {
        8001: {FALLBACKS: 3.0, QUEUED: 130.0},
        8002: {FALLBACKS: 12.0, QUEUED: 131.0},
    }
    assert chaos.metric_deltas(before, after) == {FALLBACKS: 8.0, QUEUED: 31.0}


def test_metric_deltas__a_server_down_at_either_reading(chaos):
    before = {8001: {FALLBACKS: 10.0, QUEUED: 5.0}}
    # 8002 was down at the first reading (it counts from zero); 8001 down at the second.
    after = {8002: {FALLBACKS: 4.0, QUEUED: 9.0}}
    assert chaos.metric_deltas(before, after) == {FALLBACKS: 4.0, QUEUED: 4.0}
    assert chaos.metric_deltas({}, {}) == {}
