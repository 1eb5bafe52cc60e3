from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse


class AccountAdapter(DefaultAccountAdapter):
    """Send people who have not told us their role and organisation to onboarding."""

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
