from django import forms


class EraseForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="To be sure it is you.",
    )
    keep_messages = forms.BooleanField(
        label="Leave my circle messages in their threads, without my name",
        required=False,
        help_text="Otherwise the words of each message are removed and only "
        '"Former member: message removed" stays, so the thread still reads. The same goes '
        "for your comments on commissioning challenges and proposals not yet decided "
        "(those are withdrawn).",
    )
    confirm = forms.BooleanField(
        label="I understand this cannot be undone",
        error_messages={"required": "Tick the box to say you understand this cannot be undone."},
    )
