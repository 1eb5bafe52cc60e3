from django import forms

from peer_support.models import MESSAGE_MAX_LENGTH, Circle, JoinRequest


class MessageForm(forms.Form):
    body = forms.CharField(
        label="Your message",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=MESSAGE_MAX_LENGTH,
        help_text="Plain text; links become clickable. Mention someone with @ and their name.",
    )


class ThreadForm(forms.Form):
    title = forms.CharField(label="Thread title", max_length=150)
    body = forms.CharField(
        label="First message",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=MESSAGE_MAX_LENGTH,
    )


class JoinRequestForm(forms.ModelForm):
    class Meta:
        model = JoinRequest
        fields = ["note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"note": "Optional. Only the facilitator sees this."}


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        help_text="They join with the Common Ground account for this address.",
    )


class MeetingForm(forms.Form):
    starts_at = forms.DateTimeField(
        label="Starts", widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    ends_at = forms.DateTimeField(
        label="Ends", widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    link = forms.URLField(label="Joining link", assume_scheme="https")

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", "The meeting must end after it starts.")
        return cleaned


class ReportForm(forms.Form):
    reason = forms.CharField(
        label="What concerns you about this message?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text="Only the facilitator sees your report.",
    )


class MarkReadForm(forms.Form):
    """The last message the page showed: what the reader has seen, and no further."""

    up_to = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


class CircleForm(forms.ModelForm):
    """Starting a circle from the site (peer_support.services.circles.circle_start)."""

    size_limit = forms.IntegerField(
        label="Most members",
        min_value=2,
        max_value=50,
        initial=12,
        help_text="Between 2 and 50, you included. Circles work best with 6 to 12.",
    )

    class Meta:
        model = Circle
        fields = ["name", "purpose", "theme", "place", "size_limit", "admission"]
        labels = {
            "name": "Circle name",
            "purpose": "What the circle is for",
            "size_limit": "Most members",
        }
        help_texts = {
            "purpose": "Shown to members deciding whether to ask to join. Who is in the circle "
            "and what they say stay private.",
            "theme": "Optional: for example, leading through a merger.",
            "place": "Optional: leave empty for a circle open to every place.",
        }
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 4}),
            "admission": forms.RadioSelect,
        }
