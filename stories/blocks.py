from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock


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
        features=["bold", "italic", "link", "ol", "ul"],
        template="components/streamfield/paragraph_block.html",
    )
    testimonial = TestimonialBlock()
    image = CaptionedImageBlock()
    embed = EmbedBlock(
        label=_("Video or post"),
        help_text=_("A link to a YouTube, Vimeo or Instagram post."),
        template="components/streamfield/embed_block.html",
    )
