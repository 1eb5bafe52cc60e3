"""Wagtail pages: the home page, masterclasses, local academy programmes and guidance.

Pages serve their own routes (RoutablePageMixin): a route parses input with a form from
`masterclasses.forms`, reads through the page querysets below or writes through
`masterclasses.services`, and renders with `self.render(...)`. None of those modules imports
a page, so nothing here imports back up.
"""

from collections.abc import Callable
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.cache import caches
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Max, Min, Prefetch, Q
from django.http import HttpResponseNotAllowed
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from core.calendar import calendar_response
from core.page_cache import PAGES_CACHE, CachedViewRestrictions, generation_for
from masterclasses import services
from masterclasses.admin_forms import MasterclassPageForm
from masterclasses.blocks import BodyBlock
from masterclasses.feeds import AtomPageFeed, PageFeed
from masterclasses.forms import GuidanceFilterForm, MasterclassFilterForm
from masterclasses.models.images import PageImage
from masterclasses.models.sessions import Session
from masterclasses.models.taxonomy import Audience, Format, Speaker, Topic

INTRO_FEATURES = ["bold", "italic", "link"]
PAGE_SIZE = 12
POSITIVE = {services.Outcome.REGISTERED, services.Outcome.CANCELLED_PLACE}


def lazy_list(query) -> SimpleLazyObject:
    """A list read from the database only if a template uses it: a page's shared parts come
    from cached fragments, and their queries run only when a fragment is rendered."""
    return SimpleLazyObject(lambda: list(query()))


def _topics_by_name() -> Prefetch:
    return Prefetch("topics", queryset=Topic.objects.order_by("name"))


def _with_image(queryset):
    """A card's image and its renditions in two queries, however many cards."""
    return queryset.select_related("image").prefetch_related("image__renditions")


class MasterclassPageQuerySet(PageQuerySet):
    def cards(self):
        """What a masterclass card shows: place, topics and the next (or last) session."""
        now = timezone.now()
        return (
            _with_image(self.live().public())
            .select_related("place")
            .prefetch_related(_topics_by_name())
            .annotate(
                next_start=Min("sessions__start", filter=Q(sessions__end__gte=now)),
                last_end=Max("sessions__end"),
            )
        )

    def upcoming(self):
        return self.cards().filter(next_start__isnull=False).order_by("next_start", "pk")

    def past(self):
        return (
            self.cards()
            .filter(next_start__isnull=True, last_end__isnull=False)
            .order_by("-last_end", "pk")
        )

    def with_sessions(self):
        """Every masterclass that has sessions, coming up first, then the most recent."""
        return self.cards().filter(last_end__isnull=False).order_by("next_start", "-last_end")

    def filtered(self, *, topic=None, audience="", place=None, format="", when="upcoming"):
        """The listing's filters. A masterclass for both audiences is for each of them, and a
        region includes the areas within it."""
        queryset = self.past() if when == "past" else self.upcoming()
        if topic:
            queryset = queryset.filter(topics=topic)
        if audience and audience != Audience.BOTH:
            queryset = queryset.filter(audience__in=[audience, Audience.BOTH])
        elif audience == Audience.BOTH:
            queryset = queryset.filter(audience=Audience.BOTH)
        if place:
            queryset = queryset.filter(Q(place=place) | Q(place__region=place))
        if format:
            queryset = queryset.filter(format=format)
        return queryset


class GuidancePageQuerySet(PageQuerySet):
    def latest(self):
        return (
            _with_image(self.live().public())
            .prefetch_related(_topics_by_name())
            .order_by("-first_published_at", "-pk")
        )


class SeoMixin(CachedViewRestrictions):
    """What base.html's title, description and Open Graph blocks read."""

    og_type = "website"
    # Every page here is public: anonymous visitors get it from the page cache
    # (core/page_cache.py), purged when it or anything it shows changes (signals.py).
    anonymous_page_cache = True

    @property
    def meta_description(self) -> str:
        return self.search_description or getattr(self, "summary", "") or ""

    @property
    def og_image(self):
        return getattr(self, "image", None)


class IndexPage(SeoMixin, RoutablePageMixin, Page):
    """An index page: an intro, a filtered and paginated listing, and RSS and Atom feeds."""

    intro = RichTextField(blank=True, features=INTRO_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["masterclasses.HomePage"]
    max_count = 1

    class Meta:
        abstract = True

    def feed_pages(self) -> PageQuerySet:
        raise NotImplementedError

    @path("feed/", name="rss")
    def rss_feed(self, request):
        return PageFeed(self, self.feed_pages())(request)

    @path("feed/atom/", name="atom")
    def atom_feed(self, request):
        return AtomPageFeed(self, self.feed_pages())(request)

    def render_listing(self, request, *, form: forms.Form, results: Callable, **context):
        """`results()` a page at a time, built only if the cached listing fragment is missing;
        a malformed filter is a 400 with the form's errors, and a malformed page number falls
        back to a real page."""
        querystring = urlencode([(k, v) for k, v in request.GET.items() if k != "page" and v])
        response = self.render(
            request,
            context_overrides={
                "form": form,
                # Read only when the cached listing fragment is missing.
                "page_obj": SimpleLazyObject(
                    lambda: Paginator(results(), PAGE_SIZE).get_page(request.GET.get("page"))
                ),
                "querystring": querystring,
                **context,
            },
        )
        if form.errors:
            response.status_code = 400
        return response


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
    subpage_types = [
        "masterclasses.MasterclassIndexPage",
        "masterclasses.GuidanceIndexPage",
        "sitewide.InformationPage",
        "sitewide.SitemapPage",
    ]

    class Meta:
        verbose_name = "home page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Read only when the cached fragment that shows them is missing (home_page.html).
        context["upcoming_masterclasses"] = lazy_list(
            lambda: MasterclassPage.objects.upcoming()[:6]
        )
        context["latest_guidance"] = lazy_list(lambda: GuidancePage.objects.latest()[:3])
        context["masterclass_index"] = SimpleLazyObject(
            lambda: MasterclassIndexPage.objects.live().first()
        )
        context["guidance_index"] = SimpleLazyObject(
            lambda: GuidanceIndexPage.objects.live().first()
        )
        return context


class MasterclassIndexPage(IndexPage):
    """Lists masterclasses with filters, and serves their RSS and Atom feeds."""

    subpage_types = ["masterclasses.MasterclassPage", "masterclasses.ProgrammePage"]

    class Meta:
        verbose_name = "masterclass index page"

    def feed_pages(self) -> PageQuerySet:
        return MasterclassPage.objects.all()

    @path("")
    def listing(self, request):
        form = MasterclassFilterForm(request.GET)
        valid = form.is_valid()

        def results():
            if not valid:
                return MasterclassPage.objects.none()
            return MasterclassPage.objects.descendant_of(self).filtered(**form.filters())

        when = form.cleaned_data.get("when") if valid else "upcoming"
        programmes = SimpleLazyObject(  # read only when the cached listing fragment is missing
            lambda: list(
                _with_image(ProgrammePage.objects.child_of(self).live().public())
                .select_related("place")
                .order_by("title")
            )
        )
        return self.render_listing(
            request, form=form, results=results, when=when, programmes=programmes
        )


class ProgrammePage(SeoMixin, PageImage, Page):
    """A local academy: a series of masterclasses for one place."""

    place = models.ForeignKey("network.Place", on_delete=models.PROTECT, related_name="programmes")
    summary = models.CharField(max_length=300)
    body = StreamField(BodyBlock(), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("place"),
        FieldPanel("summary"),
        *PageImage.image_panels,
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary")]
    parent_page_types = ["masterclasses.MasterclassIndexPage"]
    subpage_types = ["masterclasses.MasterclassPage"]

    class Meta:
        verbose_name = "local academy programme"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["masterclasses"] = lazy_list(
            lambda: MasterclassPage.objects.child_of(self).with_sessions()
        )
        return context


class MasterclassPage(SeoMixin, PageImage, RoutablePageMixin, Page):
    summary = models.CharField(max_length=300, help_text="One or two sentences for listings.")
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
        *PageImage.image_panels,
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

    objects = PageManager.from_queryset(MasterclassPageQuerySet)()

    class Meta:
        verbose_name = "masterclass"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        member = getattr(request.user, "member", None) if request.user.is_authenticated else None
        if getattr(request, "is_preview", False):
            context.update(self._draft_detail())
        else:
            context.update(self._detail(member=member, generation=generation_for(request)))
            context["sessions_fragment"] = self._sessions_fragment(request, member, context)
        return context

    @staticmethod
    def _sessions_fragment(request, member, context) -> str:
        """What the session list's cached fragment varies on besides the page and its
        generation (which any registration or session change starts afresh): who is asking,
        their browser's CSRF secret (its forms carry a token for that secret), and which
        sessions have started or finished by now."""
        # Only a member is shown forms: asking a visitor's browser for a secret would set a
        # cookie, and a page that sets one is not kept in the page cache.
        secret = request.META.get("CSRF_COOKIE", "") if member and get_token(request) else ""
        timing = "".join(f"{s.has_started:d}{s.is_past:d}" for s in context["sessions"])
        return f"{member.pk if member else 0}:{secret}:{timing}"

    def _draft_detail(self) -> dict:
        """A preview shows the unsaved draft, held in memory."""
        sessions = list(self.sessions.all())
        for session in sessions:
            session.registered_count = session.waitlisted_count = 0
            session.my_status = None
        return {
            "sessions": sessions,
            "speakers": list(self.speakers.all()),
            "topics": list(self.topics.all()),
        }

    def _sessions_for(self, member) -> list[Session]:
        """Sessions with their numbers, and `member`'s registration on each: one query."""
        sessions = Session.objects.filter(page=self).with_counts().order_by("start", "pk")
        if member is not None:
            sessions = sessions.with_status_for(member)
        sessions = list(sessions)
        if member is None:
            for session in sessions:
                session.my_status = None
        return sessions

    def _detail(self, *, member, generation: int | None) -> dict:
        """The sessions as `member` sees them are kept per member until the page cache's
        generation changes, which any registration or session does (masterclasses/signals.py);
        without a generation (Redis away) they are read afresh."""
        if generation is None:
            sessions = self._sessions_for(member)
        else:
            key = f"masterclass:sessions:{generation}:{self.pk}:{member.pk if member else 0}"
            sessions = caches[PAGES_CACHE].get_or_set(
                key,
                lambda: self._sessions_for(member),
                getattr(settings, "PAGE_CACHE_SECONDS", 300),
            )
        # Read, and even built, only when the cached fragments that show them are missing
        # (masterclass_page.html).
        return {
            "sessions": sessions,
            "speakers": lazy_list(
                lambda: (
                    Speaker.objects.filter(masterclasses=self)
                    .select_related("photo")
                    .prefetch_related("photo__renditions")
                )
            ),
            "topics": lazy_list(lambda: Topic.objects.filter(masterclasses=self)),
            "related_guidance": lazy_list(
                lambda: GuidancePage.objects.live().public().filter(related_masterclasses=self)
            ),
        }

    @path("sessions/<int:session_id>/register/", name="register")
    def register(self, request, session_id: int):
        return self._registration_change(request, session_id, services.registration_create)

    @path("sessions/<int:session_id>/cancel/", name="cancel")
    def cancel(self, request, session_id: int):
        return self._registration_change(request, session_id, services.registration_cancel)

    def _registration_change(self, request, session_id: int, service):
        """POST only, by a member; shows what the service says happened. A refusal
        (RegistrationError) is shown by the DomainErrorMiddleware on the page it came from."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        here = self.get_url(request)
        if not request.user.is_authenticated:
            return redirect_to_login(here)
        if not hasattr(request.user, "member"):
            return redirect(f"{reverse('network:onboarding')}?{urlencode({'next': here})}")
        session = get_object_or_404(Session, pk=session_id, page=self)
        result = service(member=request.user.member, session=session)
        level = messages.SUCCESS if result.outcome in POSITIVE else messages.INFO
        messages.add_message(request, level, result.message)
        back = reverse("masterclasses:my_masterclasses")
        if request.POST.get("next") == back:
            return redirect(back)
        return redirect(f"{here}#session-{session.pk}")

    @path("sessions/<int:session_id>/calendar/", name="calendar")
    def calendar(self, request, session_id: int):
        """The public "add to calendar" file: METHOD:PUBLISH, without the joining link."""
        session = get_object_or_404(Session, pk=session_id, page=self)
        session.page = self
        return calendar_response(
            [session.calendar_event()], filename=f"masterclass-{session.pk}.ics"
        )


class GuidanceIndexPage(IndexPage):
    subpage_types = ["masterclasses.GuidancePage"]

    class Meta:
        verbose_name = "guidance index page"

    def feed_pages(self) -> PageQuerySet:
        return GuidancePage.objects.all()

    @path("")
    def listing(self, request):
        form = GuidanceFilterForm(request.GET)
        valid = form.is_valid()

        def results():
            if not valid:
                return GuidancePage.objects.none()
            found = GuidancePage.objects.descendant_of(self).latest()
            if form.cleaned_data["topic"]:
                found = found.filter(topics=form.cleaned_data["topic"])
            return found

        return self.render_listing(request, form=form, results=results)


class GuidancePage(SeoMixin, PageImage, Page):
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
        *PageImage.image_panels,
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

    objects = PageManager.from_queryset(GuidancePageQuerySet)()

    class Meta:
        verbose_name = "guidance"
        verbose_name_plural = "guidance"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if getattr(request, "is_preview", False):
            # A preview shows the unsaved draft, held in memory.
            context.update(
                topics=list(self.topics.all()),
                downloads=list(self.downloads.all()),
                related_masterclasses=list(self.related_masterclasses.all()),
            )
            return context
        # Read only when the cached fragment that shows them is missing (guidance_page.html).
        context.update(
            topics=lazy_list(lambda: Topic.objects.filter(guidance=self)),
            downloads=lazy_list(lambda: self.downloads.select_related("document")),
            related_masterclasses=lazy_list(
                lambda: (
                    MasterclassPage.objects.filter(related_guidance=self)
                    .cards()
                    .order_by("next_start", "-last_end")
                )
            ),
        )
        return context


class GuidanceDocument(Orderable):
    page = ParentalKey(GuidancePage, on_delete=models.CASCADE, related_name="downloads")
    document = models.ForeignKey("wagtaildocs.Document", on_delete=models.CASCADE, related_name="+")
    description = models.CharField(max_length=250, blank=True)

    panels = [FieldPanel("document"), FieldPanel("description")]
