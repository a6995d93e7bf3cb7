"""Every import points down: the floors of Terang's apps, read from the source with ``ast``.

    terang      wires everything together (URLs, settings)
    demo        drives the real services; nobody imports it
    reach       shows stories outside the site (feeds, sitemap, share tags); only terang and
                demo import it
    search      reads stories; only terang and demo import it
    community   writes stories for members; imports only stories
    stories     the ground floor: imports no other Terang app

A new feature that is a noun of its own (reports, embeds, analytics) gets its own app above stories
and community, and its floor here.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("terang", "demo", "reach", "search", "community", "stories")

# What each app may import of the others.
MAY_IMPORT = {
    "stories": set(),
    "community": {"stories"},
    "search": {"stories"},
    "reach": {"stories", "community"},
    "demo": {"stories", "community", "search", "reach"},
    "terang": {"stories", "community", "search", "reach"},
}


def imported_apps(path: Path, app: str) -> set[tuple[str, int]]:
    """The Terang apps a module imports, with the line of each import."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # a relative import stays inside its own package
                continue
            names = [node.module or ""]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            if top in APPS and top != app:
                found.add((top, node.lineno))
    return found


def sources(app: str) -> list[Path]:
    return sorted((ROOT / app).rglob("*.py"))


@pytest.mark.parametrize("app", APPS)
def test_imports_point_down(app):
    assert (ROOT / app).is_dir(), f"{app}/ is missing"
    upward = [
        f"{path.relative_to(ROOT)}:{line} imports {other}"
        for path in sources(app)
        for other, line in sorted(imported_apps(path, app))
        if other not in MAY_IMPORT[app]
    ]
    assert not upward, f"{app} may import only {sorted(MAY_IMPORT[app]) or 'no other app'}:\n" + (
        "\n".join(upward)
    )


def test_the_floors_are_a_strict_order():
    """No two apps may import each other, whatever the table above says."""
    for app, allowed in MAY_IMPORT.items():
        for other in allowed:
            assert app not in MAY_IMPORT[other], f"{app} and {other} may import each other"


def test_the_checker_sees_an_upward_import(tmp_path):
    module = tmp_path / "module.py"
    module.write_text("from community.models import User\nfrom . import sibling\n")
    assert imported_apps(module, "stories") == {("community", 1)}


def test_nobody_imports_demo():
    assert all("demo" not in allowed for app, allowed in MAY_IMPORT.items() if app != "demo")
