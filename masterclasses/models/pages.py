"""Wagtail pages: the home page, masterclasses, local academy programmes and guidance."""

from django import forms
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from masterclasses.admin_forms import MasterclassPageForm
from masterclasses.blocks import BodyBlock
from masterclasses.models.taxonomy import Audience, Format

INTRO_FEATURES = ["bold", "italic", "link"]


class SeoMixin:
    """What base.html's title, description and Open Graph blocks read."""

    og_type = "website"

    @property
    def meta_description(self) -> str:
        return self.search_description or getattr(self, "summary", "") or ""

    @property
    def og_image(self):
        return getattr(self, "image", None)


class HomePage(SeoMixin, Page):
    """The site root, editable by editors."""

    heading = models.CharField(max_length=200, default="Where voluntary sector leaders meet")
    intro = RichTextField(blank=True, features=INTRO_FEATURES)
    invitation_heading = models.CharField(
        max_length=200, default="Find your peers", help_text="The invitation to peer support."
    )
    invitation_text = RichTextField(
        blank=True,
        features=INTRO_FEATURES,
        default="<p>Join a peer circle of leaders facing the same questions, or find a "
        "match for a one-to-one conversation.</p>",
    )
    invitation_link_text = models.CharField(max_length=100, default="Meet other members")
    invitation_link_url = models.CharField(
        max_length=200, default="/members/", help_text="A path on this site, such as /members/."
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("heading"),
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("invitation_heading"),
                FieldPanel("invitation_text"),
                FieldPanel("invitation_link_text"),
                FieldPanel("invitation_link_url"),
            ],
            heading="Invitation to peer support",
        ),
    ]

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["masterclasses.MasterclassIndexPage", "masterclasses.GuidanceIndexPage"]

    class Meta:
        verbose_name = "home page"

    def get_context(self, request, *args, **kwargs):
        from masterclasses import selectors

        context = super().get_context(request, *args, **kwargs)
        context["upcoming_masterclasses"] = selectors.upcoming_masterclasses(limit=6)
        context["latest_guidance"] = selectors.latest_guidance(limit=3)
        context["masterclass_index"] = MasterclassIndexPage.objects.live().first()
        context["guidance_index"] = GuidanceIndexPage.objects.live().first()
        return context


class MasterclassIndexPage(SeoMixin, RoutablePageMixin, Page):
    """Lists masterclasses with filters, and serves their RSS and Atom feeds."""

    intro = RichTextField(blank=True, features=INTRO_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["masterclasses.HomePage"]
    subpage_types = ["masterclasses.MasterclassPage", "masterclasses.ProgrammePage"]
    max_count = 1

    class Meta:
        verbose_name = "masterclass index page"

    @path("")
    def listing(self, request):
        from masterclasses import views

        return views.masterclass_listing(request, index=self)

    @path("feed/", name="rss")
    def rss_feed(self, request):
        from masterclasses.feeds import MasterclassFeed

        return MasterclassFeed(self)(request)

    @path("feed/atom/", name="atom")
    def atom_feed(self, request):
        from masterclasses.feeds import MasterclassAtomFeed

        return MasterclassAtomFeed(self)(request)


class ProgrammePage(SeoMixin, Page):
    """A local academy: a series of masterclasses for one place."""

    place = models.ForeignKey("network.Place", on_delete=models.PROTECT, related_name="programmes")
    summary = models.CharField(max_length=300)
    body = StreamField(BodyBlock(), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("place"),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary")]
    parent_page_types = ["masterclasses.MasterclassIndexPage"]
    subpage_types = ["masterclasses.MasterclassPage"]

    class Meta:
        verbose_name = "local academy programme"

    def get_context(self, request, *args, **kwargs):
        from masterclasses import selectors

        context = super().get_context(request, *args, **kwargs)
        context["masterclasses"] = selectors.programme_masterclasses(programme=self)
        return context


class MasterclassPage(SeoMixin, RoutablePageMixin, Page):
    summary = models.CharField(max_length=300, help_text="One or two sentences for listings.")
    image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = StreamField(BodyBlock(), blank=True)
    speakers = ParentalManyToManyField(
        "masterclasses.Speaker", blank=True, related_name="masterclasses"
    )
    topics = ParentalManyToManyField(
        "masterclasses.Topic", blank=True, related_name="masterclasses"
    )
    audience = models.CharField(max_length=20, choices=Audience.choices, default=Audience.BOTH)
    format = models.CharField(max_length=20, choices=Format.choices, default=Format.ONLINE)
    place = models.ForeignKey(
        "network.Place",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="masterclasses",
        help_text="Leave empty for masterclasses open to every place.",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("image"),
        MultiFieldPanel(
            [
                FieldPanel("audience"),
                FieldPanel("format"),
                FieldPanel("place"),
                FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
                FieldPanel("speakers"),
            ],
            heading="Who and where",
        ),
        FieldPanel("body"),
        InlinePanel("sessions", heading="Sessions", label="Session", min_num=1),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.RelatedFields("topics", [index.SearchField("name")]),
        index.RelatedFields("speakers", [index.SearchField("name")]),
        index.FilterField("audience"),
        index.FilterField("format"),
    ]
    parent_page_types = ["masterclasses.MasterclassIndexPage", "masterclasses.ProgrammePage"]
    subpage_types: list[str] = []
    og_type = "article"
    base_form_class = MasterclassPageForm

    class Meta:
        verbose_name = "masterclass"

    def get_context(self, request, *args, **kwargs):
        from masterclasses import selectors

        context = super().get_context(request, *args, **kwargs)
        member = getattr(request.user, "member", None) if request.user.is_authenticated else None
        context.update(
            selectors.masterclass_detail(
                page=self, member=member, preview=getattr(request, "is_preview", False)
            )
        )
        return context

    @path("sessions/<int:session_id>/register/", name="register")
    def register(self, request, session_id: int):
        from masterclasses import views

        return views.session_register(request, page=self, session_id=session_id)

    @path("sessions/<int:session_id>/cancel/", name="cancel")
    def cancel(self, request, session_id: int):
        from masterclasses import views

        return views.session_cancel(request, page=self, session_id=session_id)

    @path("sessions/<int:session_id>/calendar/", name="calendar")
    def calendar(self, request, session_id: int):
        from masterclasses import views

        return views.session_calendar(request, page=self, session_id=session_id)


class GuidanceIndexPage(SeoMixin, RoutablePageMixin, Page):
    intro = RichTextField(blank=True, features=INTRO_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["masterclasses.HomePage"]
    subpage_types = ["masterclasses.GuidancePage"]
    max_count = 1

    class Meta:
        verbose_name = "guidance index page"

    @path("")
    def listing(self, request):
        from masterclasses import views

        return views.guidance_listing(request, index=self)

    @path("feed/", name="rss")
    def rss_feed(self, request):
        from masterclasses.feeds import GuidanceFeed

        return GuidanceFeed(self)(request)

    @path("feed/atom/", name="atom")
    def atom_feed(self, request):
        from masterclasses.feeds import GuidanceAtomFeed

        return GuidanceAtomFeed(self)(request)


class GuidancePage(SeoMixin, Page):
    summary = models.CharField(max_length=300, help_text="One or two sentences for listings.")
    last_reviewed = models.DateField(
        default=timezone.localdate, help_text="Shown to readers; update it when you review."
    )
    body = StreamField(BodyBlock(), blank=True)
    topics = ParentalManyToManyField("masterclasses.Topic", blank=True, related_name="guidance")
    related_masterclasses = ParentalManyToManyField(
        "masterclasses.MasterclassPage", blank=True, related_name="related_guidance"
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("last_reviewed"),
        FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
        FieldPanel("body"),
        InlinePanel("downloads", heading="Documents to download", label="Document"),
        FieldPanel("related_masterclasses"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.RelatedFields("topics", [index.SearchField("name")]),
    ]
    parent_page_types = ["masterclasses.GuidanceIndexPage"]
    subpage_types: list[str] = []
    og_type = "article"

    class Meta:
        verbose_name = "guidance"
        verbose_name_plural = "guidance"

    def get_context(self, request, *args, **kwargs):
        from masterclasses import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(
            selectors.guidance_detail(page=self, preview=getattr(request, "is_preview", False))
        )
        return context


class GuidanceDocument(Orderable):
    page = ParentalKey(GuidancePage, on_delete=models.CASCADE, related_name="downloads")
    document = models.ForeignKey("wagtaildocs.Document", on_delete=models.CASCADE, related_name="+")
    description = models.CharField(max_length=250, blank=True)

    panels = [FieldPanel("document"), FieldPanel("description")]
