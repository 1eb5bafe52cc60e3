from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse


@dataclass(frozen=True)
class SiteIdentity:
    """What allauth's emails call the site (its `current_site`): Common Ground at SITE_URL,
    never the Host the request happened to carry ("Hello from 127.0.0.1:8301!")."""

    name: str
    domain: str

    @classmethod
    def from_settings(cls) -> "SiteIdentity":
        return cls(name=settings.WAGTAIL_SITE_NAME, domain=urlsplit(settings.SITE_URL).netloc)


def _on_site_url(url: str) -> str:
    """`url` at SITE_URL's scheme and host, not those the request arrived with (behind a proxy,
    or on another port, they differ): links in emails are built from SITE_URL."""
    site = urlsplit(settings.SITE_URL)
    parts = urlsplit(url)
    return urlunsplit((site.scheme, site.netloc, parts.path, parts.query, parts.fragment))


class AccountAdapter(DefaultAccountAdapter):
    """Send people who have not told us their role and organisation to onboarding, and send
    account emails (verification, reset, security notices) in the site's own name and layout."""

    def _onboarding_or(self, request, default: str) -> str:
        if request.user.is_authenticated and not hasattr(request.user, "member"):
            return reverse("network:onboarding")
        return default

    def get_login_redirect_url(self, request):
        return self._onboarding_or(request, super().get_login_redirect_url(request))

    def get_signup_redirect_url(self, request):
        return self._onboarding_or(request, super().get_signup_redirect_url(request))

    def get_email_verification_redirect_url(self, email_address):
        return self._onboarding_or(
            self.request, super().get_email_verification_redirect_url(email_address)
        )

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        return _on_site_url(super().get_email_confirmation_url(request, emailconfirmation))

    def get_reset_password_from_key_url(self, key: str) -> str:
        return _on_site_url(super().get_reset_password_from_key_url(key))

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # Some flows put their own `current_site` in the context; the site's identity wins.
        super().send_mail(
            template_prefix, email, {**context, "current_site": SiteIdentity.from_settings()}
        )

    def render_mail(
        self,
        template_prefix: str,
        email: str | list[str],
        context: dict[str, Any],
        headers: dict[str, str] | None = None,
    ) -> EmailMessage:
        """allauth's plain-text message, with the HTML part every site email has: the text set
        in the shared email layout (`notifications/email/layout.html`)."""
        message = super().render_mail(template_prefix, email, context, headers)
        if isinstance(message, EmailMultiAlternatives) and not message.alternatives:
            html = render_to_string(
                "notifications/email/layout.html",
                {
                    "site_name": settings.WAGTAIL_SITE_NAME,
                    "site_url": settings.SITE_URL,
                    "subject": message.subject,
                    "text": message.body,
                },
            )
            message.attach_alternative(html, "text/html")
        return message
