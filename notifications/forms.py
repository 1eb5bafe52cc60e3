from django import forms

from notifications.models import Channel, Kind


class PreferencesForm(forms.Form):
    """One choice per kind of event: email at once, a daily email, or the site only."""

    def __init__(self, *args, current: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in Kind.choices:
            self.fields[kind] = forms.ChoiceField(
                label=label,
                choices=Channel.choices,
                initial=current[kind],
                widget=forms.RadioSelect,
            )
