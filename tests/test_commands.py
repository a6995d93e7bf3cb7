"""Every management command answers --help (argparse needs its description as text)."""

import pytest
from django.core.management import call_command, get_commands

TERANG_COMMANDS = sorted(
    name
    for name, app in get_commands().items()
    if app in {"stories", "community", "search", "demo"}
)


@pytest.mark.parametrize("name", TERANG_COMMANDS)
def test_command__help__prints_and_exits_cleanly(name, capsys):
    with pytest.raises(SystemExit) as exit_:
        call_command(name, "--help")
    assert exit_.value.code == 0
    assert capsys.readouterr().out.strip()
