"""Masterclasses, guidance, programmes and speakers show pictures: WebP with a JPEG fallback,
responsive and lazily loaded, and with alt text whenever the picture carries meaning."""

import re

import pytest
from django.core.exceptions import ValidationError
from PIL import Image as PillowImage

from masterclasses.models.images import IMAGE_NEEDS_ALT
from tests.factories import (
    GuidancePageFactory,
    ImageFactory,
    MasterclassPageFactory,
    SessionFactory,
    SpeakerFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings):
    return settings.MEDIA_ROOT


def _pictures(html: str) -> list[str]:
    return re.findall(r"<picture>.*?</picture>", html, flags=re.S)


def _srcset(tag: str) -> list[str]:
    return [
        part.strip().split(" ")[0] for part in re.search(r'srcset="([^"]+)"', tag)[1].split(",")
    ]


def test_a_masterclass_picture_is_webp_with_a_jpeg_fallback_responsive_and_lazy(client, media):
    image = ImageFactory(description="Commissioners and charity leaders around one table.")
    page = MasterclassPageFactory(image=image)
    SessionFactory(page=page)

    html = client.get(page.url).content.decode()

    (picture,) = _pictures(html)
    source = re.search(r"<source[^>]*>", picture)[0]
    img = re.search(r"<img[^>]*>", picture)[0]
    assert 'type="image/webp"' in source
    assert 'loading="lazy"' in img
    assert 'alt="Commissioners and charity leaders around one table."' in img
    assert "sizes=" in img
    assert "sizes=" in source
    webps, jpegs = _srcset(source), _srcset(img)
    assert len(webps) >= 2
    assert len(jpegs) >= 2
    for url in webps:
        assert url.endswith(".webp")
        with PillowImage.open(media / url.removeprefix("/media/")) as file:
            assert file.format == "WEBP"
    for url in jpegs:
        with PillowImage.open(media / url.removeprefix("/media/")) as file:
            assert file.format == "JPEG"


def test_cards_in_the_listing_and_on_the_home_page_show_lazy_responsive_pictures(client):
    masterclass = MasterclassPageFactory(image=ImageFactory(description="A map of the Wirral."))
    SessionFactory(page=masterclass)
    GuidancePageFactory(image=ImageFactory(), image_decorative=True)

    listing = client.get("/masterclasses/").content.decode()
    home = client.get("/").content.decode()

    (card,) = _pictures(listing)
    assert 'loading="lazy"' in card
    assert "srcset=" in card
    assert 'alt="A map of the Wirral."' in card
    assert len(_pictures(home)) == 2
    decorative = [p for p in _pictures(home) if 'alt=""' in p]
    assert len(decorative) == 1


def test_a_page_without_a_picture_shows_no_empty_frame(client):
    page = MasterclassPageFactory()
    SessionFactory(page=page)
    html = client.get(page.url).content.decode()
    assert "<picture>" not in html
    assert "page-image" not in html


def test_a_meaningful_picture_without_alt_text_is_refused():
    page = MasterclassPageFactory.build(image=ImageFactory(description=""))
    with pytest.raises(ValidationError) as refused:
        page.clean()
    assert refused.value.message_dict == {"image_alt": [IMAGE_NEEDS_ALT]}


def test_the_alt_text_comes_from_the_page_or_else_the_image_or_the_picture_is_decorative():
    image = ImageFactory(description="Rising bars.")
    written = MasterclassPageFactory.build(image=image, image_alt="Outcomes rising each year.")
    from_library = MasterclassPageFactory.build(image=image)
    decorative = MasterclassPageFactory.build(image=ImageFactory(), image_decorative=True)
    for page in (written, from_library, decorative):
        page.clean()
    assert written.image_alt_text == "Outcomes rising each year."
    assert from_library.image_alt_text == "Rising bars."
    assert decorative.image_alt_text == ""


def test_editors_are_told_in_the_admin_when_a_picture_needs_alt_text(client, settings):
    from allauth.mfa.totp.internal.auth import TOTP
    from wagtail.test.utils.form_data import querydict_from_html

    from core.demo import DEMO_TOTP_SECRET
    from tests.factories import UserFactory

    editor = UserFactory(groups=["Editors"])
    TOTP.activate(editor, DEMO_TOTP_SECRET)
    client.force_login(editor)
    page = GuidancePageFactory()
    image = ImageFactory(description="")
    edit_url = f"/admin/pages/{page.pk}/edit/"
    form = client.get(edit_url)
    assert form.status_code == 200
    data = querydict_from_html(form.content.decode(), form_id="page-edit-form")
    data["image"] = str(image.pk)
    data["image_alt"] = ""
    data.setdefault("body-count", "0")  # the (empty) body's editor is drawn by JavaScript

    response = client.post(edit_url, data)

    assert response.status_code == 200  # the form again, not a redirect
    assert IMAGE_NEEDS_ALT.replace("'", "&#x27;") in response.content.decode()
    page.refresh_from_db()
    assert page.image is None


def test_speaker_photos_are_decorative_lazy_pictures_beside_the_name(client):
    speaker = SpeakerFactory(name="Helen Marsh", photo=ImageFactory())
    page = MasterclassPageFactory(speakers=[speaker])
    SessionFactory(page=page)
    html = client.get(page.url).content.decode()
    (picture,) = _pictures(html)
    assert 'type="image/webp"' in picture
    assert 'loading="lazy"' in picture
    assert 'alt=""' in picture  # the name beside it says who it is
