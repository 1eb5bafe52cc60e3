from django import forms

from core.forms import IdsModelMultipleChoiceField
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


class RetentionForm(forms.Form):
    months = forms.IntegerField(
        label="Keep messages for (months)",
        min_value=1,
        max_value=120,
        help_text="Messages older than this are removed for good, every night. "
        "Between 1 and 120 months.",
    )


class ActionSetForm(forms.Form):
    """Plan an action-learning set: `holders` is filled with the circle's participants."""

    holders = IdsModelMultipleChoiceField(
        label="Issue-holders",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text="One or two members who bring an issue to this meeting.",
    )
    presenting = forms.IntegerField(label="Presenting (minutes)", min_value=1, max_value=60)
    questions = forms.IntegerField(label="Questions (minutes)", min_value=1, max_value=60)
    reflection = forms.IntegerField(label="Reflection (minutes)", min_value=1, max_value=60)
    actions = forms.IntegerField(label="Actions (minutes)", min_value=1, max_value=60)

    def __init__(self, *args, participants=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["holders"].queryset = participants
        self.fields["holders"].label_from_instance = lambda m: m.name


class QuestionForm(forms.Form):
    question = forms.CharField(
        label="Your question",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="An open question, not advice.",
    )


class ActionForm(forms.Form):
    action = forms.CharField(label="An action you will take", max_length=500)


class ActionReviewForm(forms.Form):
    status = forms.ChoiceField(
        label="How did it go?",
        choices=[("done", "Done"), ("in_progress", "In progress"), ("dropped", "Dropped")],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label="A note", max_length=500, required=False)


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
