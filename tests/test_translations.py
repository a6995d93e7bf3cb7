"""The Indonesian catalogue is complete, correct and compiled, and the site speaks both languages.

A failure here usually means someone changed a translatable string and did not run
`make messages`, translate the new entries in locale/id/LC_MESSAGES/django.po and commit the .po
and .mo files.
"""

import ast
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils.translation.template import templatize

LOCALE = Path(settings.BASE_DIR) / "locale"
ID_PO = LOCALE / "id" / "LC_MESSAGES" / "django.po"
ID_MO = LOCALE / "id" / "LC_MESSAGES" / "django.mo"
EN_PO = LOCALE / "en" / "LC_MESSAGES" / "django.po"
EN_MO = LOCALE / "en" / "LC_MESSAGES" / "django.mo"

# What `make messages` extracts: the project's apps and the site templates.
PYTHON_SOURCES = ("terang", "community", "stories", "search", "reach", "demo")
TEMPLATE_SOURCES = ("templates",)

FIX = "Run `make messages`, translate the new entries in {po}, and commit the .po and .mo files."

PLACEHOLDER = re.compile(
    r"%%|%(?:\((?P<name>[^)]+)\))?[-#0 +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[diouxXeEfFgGcrsa]"
)

# gettext functions by the position of their context, singular and plural arguments (xgettext's
# default Python keywords plus Django's).
KEYWORDS = {
    "_": (None, 0, None),
    "gettext": (None, 0, None),
    "gettext_lazy": (None, 0, None),
    "gettext_noop": (None, 0, None),
    "ngettext": (None, 0, 1),
    "ngettext_lazy": (None, 0, 1),
    "pgettext": (0, 1, None),
    "pgettext_lazy": (0, 1, None),
    "npgettext": (0, 1, 2),
    "npgettext_lazy": (0, 1, 2),
}
TEMPLATE_CALL = re.compile(r"\b(n?p?gettext)\(")


def placeholders(text: str) -> set[str]:
    found = set()
    for match in PLACEHOLDER.finditer(text):
        if match.group() != "%%":
            found.add(match.group())
    return found


def entry_key(entry) -> tuple:
    return (entry.msgctxt or None, entry.msgid, entry.msgid_plural or None)


def entry_translation(entry) -> tuple:
    if entry.msgid_plural:
        return tuple(entry.msgstr_plural[n] for n in sorted(entry.msgstr_plural))
    return (entry.msgstr,)


def python_messages(path: Path) -> set[tuple]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        if name not in KEYWORDS:
            continue
        positions = KEYWORDS[name]
        values = []
        for position in positions:
            if position is None:
                values.append(None)
                continue
            argument = node.args[position] if position < len(node.args) else None
            if not (isinstance(argument, ast.Constant) and isinstance(argument.value, str)):
                break
            values.append(argument.value)
        else:
            if values[1]:
                found.add(tuple(values))
    return found


def template_messages(path: Path) -> set[tuple]:
    # Django's own template-to-gettext conversion, as `makemessages` does it, then the calls.
    code = templatize(path.read_text(encoding="utf-8"), origin=str(path))
    found = set()
    for match in TEMPLATE_CALL.finditer(code):
        function = match.group(1)
        call = code[match.start() :]
        tree = ast.parse(call[: _closing_paren(call) + 1], mode="eval").body
        strings = [a.value for a in tree.args if isinstance(a, ast.Constant)]
        context = strings.pop(0) if function.startswith(("pgettext", "npgettext")) else None
        plural = strings[1] if function.startswith(("ngettext", "npgettext")) else None
        found.add((context, strings[0], plural))
    return found


def _closing_paren(text: str) -> int:
    depth, quote, escaped = 0, None, False
    for index, char in enumerate(text):
        if quote:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == quote:
                quote = None
        elif char in "'\"":
            quote = char
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return index
    raise ValueError("unbalanced gettext call in templatized source")


def source_messages() -> set[tuple]:
    base = Path(settings.BASE_DIR)
    found = set()
    for folder in PYTHON_SOURCES:
        for path in sorted((base / folder).rglob("*.py")):
            found |= python_messages(path)
    for folder in TEMPLATE_SOURCES:
        for pattern in ("*.html", "*.txt"):
            for path in sorted((base / folder).rglob(pattern)):
                found |= template_messages(path)
    return found


@pytest.fixture(scope="module")
def id_po():
    return polib.pofile(str(ID_PO))


@pytest.fixture(scope="module")
def en_po():
    return polib.pofile(str(EN_PO))


def live(po):
    return [entry for entry in po if not entry.obsolete]


def test_id_catalogue__has_indonesian_plural_header(id_po):
    assert id_po.metadata.get("Language") == "id"
    assert id_po.metadata.get("Plural-Forms") == "nplurals=1; plural=0;"
    assert not id_po.metadata_is_fuzzy


def test_id_catalogue__every_entry_translated(id_po):
    untranslated = [entry.msgid for entry in live(id_po) if not entry.translated()]
    assert not untranslated, f"Untranslated: {untranslated}. " + FIX.format(po=ID_PO)


def test_id_catalogue__no_fuzzy_entries(id_po):
    fuzzy = [entry.msgid for entry in live(id_po) if "fuzzy" in entry.flags]
    assert not fuzzy, f"Fuzzy (check, then remove the flag): {fuzzy}"


def test_id_catalogue__plural_entries_have_the_one_indonesian_form(id_po):
    wrong = [
        entry.msgid
        for entry in live(id_po)
        if entry.msgid_plural and set(entry.msgstr_plural) != {0}
    ]
    assert not wrong, f"Plural entries need exactly msgstr[0] (nplurals=1): {wrong}"


def test_id_catalogue__placeholders_preserved(id_po):
    wrong = []
    for entry in live(id_po):
        expected = placeholders(entry.msgid_plural or entry.msgid)
        for translation in entry_translation(entry):
            if translation and placeholders(translation) != expected:
                wrong.append((entry.msgid, translation))
    assert not wrong, f"Placeholders differ between msgid and msgstr: {wrong}"


GLOSSARY = Path(settings.BASE_DIR) / "docs" / "glossary.md"
QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")


def glossary_variants() -> dict[str, str]:
    """Each variant to avoid (docs/glossary.md's table) and the term to use instead."""
    variants = {}
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 4 or cells[0] in ("English", "---"):
            continue
        for variant in filter(None, (v.strip() for v in cells[2].split(","))):
            variants[variant] = cells[1]
    return variants


def variant_pattern(variant: str) -> re.Pattern:
    """The variant alone or with an Indonesian particle or possessive ending ("kisahnya")."""
    return re.compile(
        rf"(?<![\w-]){re.escape(variant)}(?:nya|lah|kah|mu|ku)?(?![\w-])", re.IGNORECASE
    )


def test_glossary__lists_variants_to_avoid():
    variants = glossary_variants()
    assert variants["kisah"] == "cerita"
    assert variants["e-mail"] == "email"


def test_glossary__variant_with_an_ending_is_caught():
    assert variant_pattern("kisah").search("Hanya perwakilannya yang dapat menceritakan kisahnya")
    assert variant_pattern("e-mail").search("cari e-mailnya (periksa juga folder spam)")
    assert variant_pattern("e-mail").search("E-mail Anda")
    assert not variant_pattern("e-mail").search("email Anda")
    assert not variant_pattern("kisah").search("berkisah")


def test_id_catalogue__uses_the_glossary_terms(id_po):
    patterns = {variant: variant_pattern(variant) for variant in glossary_variants()}
    wrong = []
    for entry in live(id_po):
        for translation in entry_translation(entry):
            text = QUOTED.sub(" ", PLACEHOLDER.sub(" ", translation))
            for variant, pattern in patterns.items():
                if pattern.search(text):
                    wrong.append((variant, translation))
    assert not wrong, f"Variants docs/glossary.md says to avoid: {wrong}"


def test_id_catalogue__adds_no_html_special_characters(id_po):
    # {% translate %} output is not escaped, so a quote or bracket a translation adds could end an
    # HTML attribute or open a tag.
    wrong = []
    for entry in live(id_po):
        source = entry.msgid + (entry.msgid_plural or "")
        for translation in entry_translation(entry):
            if any(char in translation and char not in source for char in "<>&\"'"):
                wrong.append((entry.msgid, translation))
    assert not wrong, f"Translations add <, >, &, \" or ' that the English does not have: {wrong}"


def test_catalogues__cover_every_translatable_string_in_the_source(id_po, en_po):
    source = source_messages()
    for po, path in ((id_po, ID_PO), (en_po, EN_PO)):
        missing = sorted(source - {entry_key(entry) for entry in live(po)}, key=str)
        assert not missing, f"Not in {path}: {missing}. " + FIX.format(po=ID_PO)


def test_catalogues__hold_no_strings_the_source_no_longer_uses(id_po, en_po):
    source = source_messages()
    for po, path in ((id_po, ID_PO), (en_po, EN_PO)):
        stale = sorted({entry_key(entry) for entry in live(po)} - source, key=str)
        assert not stale, f"No longer in the source, still in {path}: {stale}. " + FIX.format(
            po=ID_PO
        )


@pytest.mark.parametrize(("po_path", "mo_path"), [(ID_PO, ID_MO), (EN_PO, EN_MO)])
def test_compiled_catalogue__matches_its_po_file(po_path, mo_path):
    assert mo_path.exists(), f"{mo_path} is missing. " + FIX.format(po=ID_PO)
    po = polib.pofile(str(po_path))
    mo = polib.mofile(str(mo_path))
    expected = {
        (entry_key(entry), entry_translation(entry))
        for entry in live(po)
        if entry.translated() and "fuzzy" not in entry.flags
    }
    compiled = {(entry_key(entry), entry_translation(entry)) for entry in mo if entry.msgid}
    assert compiled == expected, (
        f"{mo_path} is out of date with {po_path}: "
        f"{len(expected - compiled)} entries not compiled, {len(compiled - expected)} stale. "
        "Run `make messages` (or `manage.py compilemessages`) and commit the .mo file."
    )


def test_en_catalogue__lists_the_same_strings_as_id(id_po, en_po):
    assert {entry_key(e) for e in live(en_po)} == {entry_key(e) for e in live(id_po)}


@pytest.mark.parametrize(
    ("language", "stories", "search"),
    [("id", "Cerita", "Cari"), ("en", "Stories", "Search")],
)
def test_home_page__navigation_in_the_chosen_language(client, home, language, stories, search):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert f'<a href="/stories/">{stories}</a>' in html
    # The header's search link stays in the one row on a phone: an icon and its word.
    link = re.search(r'<a class="site-header__search" href="/search/">(.*?)</a>', html, re.S)
    assert link and link.group(1).endswith(f"<span>{search}</span>")


def test_home_page__without_a_chosen_language__is_indonesian(client, home, settings):
    from terang.settings import base

    # The test settings may read English by default; the site itself defaults to Indonesian.
    settings.LANGUAGE_CODE = base.LANGUAGE_CODE
    html = client.get("/").content.decode()
    assert '<html lang="id">' in html
    assert '<a href="/stories/">Cerita</a>' in html
    assert "Cerita sukses yang dapat Anda periksa" in html


@pytest.mark.parametrize(
    ("language", "placeholder"),
    [
        ("id", "misalnya katering, kebugaran, &quot;kopi susu&quot;, kes*"),
        ("en", "e.g. catering, kebugaran, &quot;kopi susu&quot;, kes*"),
    ],
)
def test_search_page__translated_placeholder_with_quotes_stays_one_attribute(
    client, home, language, placeholder
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get("/search/").content.decode()
    assert f'placeholder="{placeholder}"' in html
