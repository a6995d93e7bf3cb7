"""Demo images drawn locally with Pillow: a gradient in the industry's colours, a motif and one
bright subject, with no text in the picture (the page around it speaks the reader's language).

Each image's focal point is the subject's box, so Wagtail's crops keep it in the picture."""

import hashlib
import math
from io import BytesIO

from django.core.files.images import ImageFile
from PIL import Image, ImageDraw

from stories.models import CustomImage

HERO_SIZE = (1200, 675)
FIGURE_SIZE = (960, 540)

# (start colour, end colour) per curated industry; unknown industries fall back to Terang's teal.
INDUSTRY_COLOURS = {
    "health-wellness": ((14, 116, 104), (94, 196, 150)),
    "beauty-personal-care": ((157, 46, 98), (240, 150, 160)),
    "food-beverage": ((178, 74, 20), (246, 176, 74)),
    "agriculture-fisheries": ((22, 94, 60), (118, 178, 90)),
    "fashion-textiles": ((88, 40, 130), (196, 120, 200)),
    "home-living": ((120, 70, 40), (222, 170, 120)),
    "education-training": ((26, 70, 150), (110, 170, 236)),
    "financial-services": ((20, 50, 80), (80, 140, 170)),
    "technology": ((30, 36, 90), (70, 150, 220)),
    "travel-hospitality": ((0, 110, 150), (120, 210, 210)),
    "crafts-creative": ((140, 40, 30), (230, 140, 60)),
    "retail-ecommerce": ((170, 30, 60), (250, 130, 90)),
    "logistics-transport": ((60, 66, 80), (150, 160, 170)),
    "professional-services": ((40, 60, 70), (130, 150, 120)),
}
DEFAULT_COLOURS = ((13, 92, 99), (120, 190, 180))
MOTIFS = ("circles", "stripes", "triangles", "dots", "arcs", "diamonds")


def _parameters(seed: str) -> bytes:
    return hashlib.sha256(seed.encode()).digest()


def _gradient(size, start, end, angle: int) -> Image.Image:
    # Rotate a large square gradient, then keep its centre, so no corner is left unfilled.
    square = Image.linear_gradient("L").resize((512, 512)).rotate(angle)
    mask = square.crop((76, 76, 436, 436)).resize(size)
    return Image.composite(Image.new("RGB", size, end), Image.new("RGB", size, start), mask)


def _draw_motif(draw: ImageDraw.ImageDraw, size, motif: str, p: bytes) -> None:
    width, height = size
    light = (255, 255, 255, 46)
    strong = (255, 255, 255, 80)
    if motif == "circles":
        for i in range(6):
            r = 40 + p[i] % 160
            x, y = width * (p[i + 6] / 255), height * (p[i + 12] / 255)
            draw.ellipse((x - r, y - r, x + r, y + r), outline=strong, width=6, fill=light)
    elif motif == "stripes":
        step = 60 + p[0] % 50
        for x in range(-height, width, step):
            draw.line((x, height, x + height, 0), fill=light, width=18)
    elif motif == "triangles":
        for i in range(7):
            x, y = width * (p[i] / 255), height * (p[i + 7] / 255)
            s = 60 + p[i + 14] % 120
            draw.polygon([(x, y - s), (x + s, y + s), (x - s, y + s)], fill=light, outline=strong)
    elif motif == "dots":
        step = 48 + p[0] % 24
        for row, y in enumerate(range(step // 2, height, step)):
            for x in range(step // 2 + (row % 2) * step // 2, width, step):
                r = 4 + (x * y + p[1]) % 9
                draw.ellipse((x - r, y - r, x + r, y + r), fill=light)
    elif motif == "arcs":
        cx, cy = width * (0.6 + p[0] / 1000), height * (0.2 + p[1] / 600)
        for r in range(80, int(math.hypot(width, height)), 70):
            draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=light, width=10)
    else:
        for i in range(8):
            x, y = width * (p[i] / 255), height * (p[i + 8] / 255)
            s = 40 + p[i + 16] % 90
            draw.polygon(
                [(x, y - s), (x + s, y), (x, y + s), (x - s, y)], fill=light, outline=strong
            )


def subject_box(*, seed: str, size=HERO_SIZE) -> tuple[int, int, int, int]:
    """Where the picture's subject sits: (centre x, centre y, width, height), as Wagtail's focal
    point fields take it. Away from the edges, so a 16:9 or square crop can keep all of it."""
    p = _parameters(seed)
    width, height = size
    side = int(height * (0.36 + (p[22] % 10) / 100))
    x = int(width * (0.34 + (p[23] % 33) / 100))
    y = int(height * (0.42 + (p[24] % 17) / 100))
    return x, y, side, side


def _draw_subject(draw: ImageDraw.ImageDraw, box, start, motif: str) -> None:
    """A bright disc with the motif's shape inside it, in the industry's deep colour."""
    x, y, side, _ = box
    r = side / 2
    draw.ellipse((x - r, y - r, x + r, y + r), fill=(255, 255, 255, 225))
    inner = (*start, 255)
    s = r * 0.55
    if motif in ("triangles", "stripes"):
        draw.polygon([(x, y - s), (x + s, y + s * 0.8), (x - s, y + s * 0.8)], fill=inner)
    elif motif == "diamonds":
        draw.polygon([(x, y - s), (x + s, y), (x, y + s), (x - s, y)], fill=inner)
    elif motif == "arcs":
        for k in (1.0, 0.7, 0.4):
            draw.ellipse((x - s * k, y - s * k, x + s * k, y + s * k), outline=inner, width=8)
    else:
        draw.ellipse((x - s, y - s, x + s, y + s), fill=inner)


def render_banner(*, seed: str, industry: str, size=HERO_SIZE, motif: str = "") -> bytes:
    """A PNG: the industry's gradient, a motif (chosen by ``seed`` unless given), the subject."""
    p = _parameters(seed)
    start, end = INDUSTRY_COLOURS.get(industry, DEFAULT_COLOURS)
    image = _gradient(size, start, end, angle=p[20] % 360).convert("RGBA")
    overlay = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    motif = motif if motif in MOTIFS else MOTIFS[p[21] % len(MOTIFS)]
    _draw_motif(draw, size, motif, p)
    _draw_subject(draw, subject_box(seed=seed, size=size), start, motif)
    image = Image.alpha_composite(image, overlay).convert("RGB")
    out = BytesIO()
    image.save(out, format="PNG", compress_level=3)
    return out.getvalue()


def set_focal_point(image: CustomImage, *, seed: str, size=HERO_SIZE) -> None:
    """Give ``image``, drawn by ``render_banner`` at ``size`` from ``seed``, its subject as the
    focal point, scaled to the stored file (an upload may have been made smaller)."""
    x, y, width, height = subject_box(seed=seed, size=size)
    scale_x, scale_y = image.width / size[0], image.height / size[1]
    image.focal_point_x = round(x * scale_x)
    image.focal_point_y = round(y * scale_y)
    image.focal_point_width = round(width * scale_x)
    image.focal_point_height = round(height * scale_y)


def ensure_image(
    *, title: str, alt_text: str, filename: str, seed: str, industry: str, size=HERO_SIZE, motif=""
) -> tuple[CustomImage, bool]:
    """The image with this title, drawn by ``render_banner`` only if it does not exist yet."""
    existing = CustomImage.objects.filter(title=title).order_by("pk").first()
    if existing is not None:
        return existing, False
    png = render_banner(seed=seed, industry=industry, size=size, motif=motif)
    image = CustomImage(
        title=title, alt_text=alt_text[:250], file=ImageFile(BytesIO(png), name=filename)
    )
    image._set_image_file_metadata()
    set_focal_point(image, seed=seed, size=size)
    image.save()
    return image, True
