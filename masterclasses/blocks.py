"""StreamField blocks for masterclass and guidance bodies."""

import logging

from django.core.cache import cache
from django.utils.functional import cached_property
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds import embeds
from wagtail.embeds.exceptions import EmbedException
from wagtail.images.blocks import ImageChooserBlock

logger = logging.getLogger(__name__)

# A failed oEmbed lookup is remembered briefly so an unreachable provider does not slow
# every view of the page.
EMBED_FAILURE_CACHE_SECONDS = 10 * 60


def embed_html(url: str) -> str:
    """The provider's player, or "" when it cannot be fetched (offline, unknown provider)."""
    failure_key = f"masterclasses:embed-failed:{url}"
    if cache.get(failure_key):
        return ""
    try:
        return embeds.get_embed(url).html or ""
    except EmbedException:
        pass
    except Exception:  # A provider's odd reply must never break the page.
        logger.exception("Embedding %s failed", url)
    cache.set(failure_key, True, EMBED_FAILURE_CACHE_SECONDS)
    return ""


class VideoValue(blocks.StructValue):
    @cached_property
    def player_html(self) -> str:
        return embed_html(self["url"])


class VideoBlock(blocks.StructBlock):
    """A video from YouTube, Vimeo and so on; degrades to a plain link when it cannot embed.

    Unlike Wagtail's EmbedBlock, saving does not need the provider to answer, so editors can
    publish while the provider (or the network) is down.
    """

    url = blocks.URLBlock(label="Video address", help_text="For example a YouTube or Vimeo link.")
    title = blocks.CharBlock(help_text="Describes the video for people who cannot play it.")
    transcript = blocks.URLBlock(required=False, help_text="Link to a transcript, if there is one.")

    class Meta:
        icon = "media"
        template = "masterclasses/blocks/video.html"
        value_class = VideoValue


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False)

    class Meta:
        icon = "openquote"
        template = "masterclasses/blocks/quote.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        required=False, help_text="Describe the image; leave empty if it is decorative."
    )
    caption = blocks.CharBlock(required=False)

    class Meta:
        icon = "image"
        template = "masterclasses/blocks/image.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock()
    label = blocks.CharBlock(required=False, help_text="Link text; defaults to the title.")

    class Meta:
        icon = "doc-full"
        template = "masterclasses/blocks/document.html"


class CalloutBlock(blocks.StructBlock):
    heading = blocks.CharBlock()
    text = blocks.RichTextBlock(features=["bold", "italic", "link", "ul", "ol"])

    class Meta:
        icon = "help"
        template = "masterclasses/blocks/callout.html"


class BodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        form_classname="title", icon="title", template="masterclasses/blocks/heading.html"
    )
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link", "document-link", "ul", "ol", "h3", "h4"]
    )
    quote = QuoteBlock()
    image = ImageBlock()
    document = DocumentBlock()
    callout = CalloutBlock(label="Call-out")
    video = VideoBlock(label="Embedded video")
