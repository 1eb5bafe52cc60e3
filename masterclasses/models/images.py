"""A page's picture: a Wagtail image, with the alt text it needs or a choice to mark it
decorative. Cards and page headers render it as a `<picture>` (WebP with a JPEG fallback,
responsive `srcset`, lazy loading): `masterclasses/includes/picture.html`."""

from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel

IMAGE_NEEDS_ALT = (
    "Describe the image for people who cannot see it, or tick “decorative” if it adds "
    "nothing to the page's meaning."
)


class PageImage(models.Model):
    """The image a page shows at the top and on its card, with its alt text.

    An image that carries meaning needs words for people who cannot see it: the page's
    own `image_alt`, or else the image's description from the image library. An image
    that is only decoration says so and is read as nothing (`alt=""`)."""

    image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    image_alt = models.CharField(
        "alt text",
        max_length=250,
        blank=True,
        help_text="What the image shows, for people who cannot see it. Leave empty to use the "
        "image's own description.",
    )
    image_decorative = models.BooleanField(
        "decorative",
        default=False,
        help_text="The image adds nothing to the meaning of the page: screen readers skip it.",
    )

    image_panels = [
        MultiFieldPanel(
            [FieldPanel("image"), FieldPanel("image_alt"), FieldPanel("image_decorative")],
            heading="Image",
        )
    ]

    class Meta:
        abstract = True

    @property
    def image_alt_text(self) -> str:
        """What `alt` says: empty for a decorative image."""
        if self.image is None or self.image_decorative:
            return ""
        return self.image_alt or getattr(self.image, "description", "")

    def clean(self):
        super().clean()
        if self.image_id and not self.image_decorative and not self.image_alt_text.strip():
            raise ValidationError({"image_alt": IMAGE_NEEDS_ALT})
