import hashlib
import json

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

PARAGRAPH_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class TestimonialBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Quote"), max_length=1000)
    attribution = blocks.CharBlock(label=_("Who said it"), max_length=200)

    class Meta:
        icon = "openquote"
        label = _("Testimonial")
        template = "components/streamfield/testimonial_block.html"


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "components/streamfield/image_block.html"


class StoryBodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        label=_("Section heading"),
        max_length=120,
        form_classname="title",
        template="components/streamfield/heading_block.html",
    )
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"),
        features=PARAGRAPH_FEATURES,
        template="components/streamfield/paragraph_block.html",
    )
    testimonial = TestimonialBlock()
    image = CaptionedImageBlock()
    embed = EmbedBlock(
        label=_("Video or post"),
        help_text=_("A link to a YouTube, Vimeo or Instagram post."),
        template="components/streamfield/embed_block.html",
    )


def editor_html(html: str) -> str:
    """Rich text as Wagtail's editor saves it (Draftail's own markup, e.g. ``data-block-key``).

    Stories written outside the admin (the submission form, imports, the demo) are stored this way,
    so a moderator who opens and saves one in the editor changes nothing and restarts no review.
    Block keys derive from the text, so the same text always gives the same HTML.
    """
    from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

    converter = ContentstateConverter(features=PARAGRAPH_FEATURES)
    contentstate = json.loads(converter.from_database_format(html))
    for position, block in enumerate(contentstate["blocks"]):
        digest = hashlib.blake2s(f"{position}:{block['text']}".encode(), digest_size=4)
        block["key"] = digest.hexdigest()[:5]
    return converter.to_database_format(json.dumps(contentstate))
