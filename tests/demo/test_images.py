from io import BytesIO

import pytest
from PIL import Image, ImageDraw, ImageFont

from demo.images import FIGURE_SIZE, HERO_SIZE, INDUSTRY_COLOURS, MOTIFS, render_banner, subject_box

TEXT_CALLS = (
    (ImageDraw.ImageDraw, "text"),
    (ImageDraw.ImageDraw, "multiline_text"),
    (ImageFont, "load_default"),
    (ImageFont, "truetype"),
    (ImageFont, "load"),
)


@pytest.fixture
def text_calls(monkeypatch):
    """Every call that draws text or loads a font, recorded (and still carried out)."""
    calls = []
    for owner, name in TEXT_CALLS:
        original = getattr(owner, name)

        def recording(*args, _original=original, _name=name, **kwargs):
            calls.append(_name)
            return _original(*args, **kwargs)

        monkeypatch.setattr(owner, name, recording)
    return calls


def test_text_calls__records_a_label_drawn_the_usual_way(text_calls):
    draw = ImageDraw.Draw(Image.new("RGB", (200, 50)))
    draw.text((10, 10), "Makanan", font=ImageFont.load_default(size=20))
    assert {"load_default", "text"} <= set(text_calls)


@pytest.mark.parametrize("industry", [*INDUSTRY_COLOURS, "unknown-industry"])
def test_render_banner__draws_no_text_for_any_industry_or_motif(text_calls, industry):
    for motif in ("", *MOTIFS):
        for size in (HERO_SIZE, FIGURE_SIZE):
            png = render_banner(
                seed=f"{industry}/{motif}", industry=industry, size=size, motif=motif
            )
            assert Image.open(BytesIO(png)).size == size
    assert text_calls == []


@pytest.mark.parametrize("motif", MOTIFS)
def test_subject_box__is_on_the_bright_subject_and_inside_the_picture(motif):
    seed = f"story/{motif}"
    image = Image.open(BytesIO(render_banner(seed=seed, industry="technology", motif=motif)))
    x, y, width, height = subject_box(seed=seed)
    assert x - width / 2 > 0 and x + width / 2 < HERO_SIZE[0]
    assert y - height / 2 > 0 and y + height / 2 < HERO_SIZE[1]
    # Inside the subject's disc, above the shape in its middle: nearly white, unlike the
    # technology gradient (deep blue) around it.
    assert min(image.getpixel((x, round(y - height * 0.4)))[:3]) > 200
    assert min(image.getpixel((round(x - width * 0.7), y))[:3]) < 200
