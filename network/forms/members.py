from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.urls import reverse_lazy

from network.models import Member, Organisation, Place
from network.selectors.members import place_options
from network.validators import normalise_charity_number, validate_charity_number

ROLE_INVALID = "Choose one of the roles listed."
ORGANISATION_MISSING = "Choose your organisation from the list, or add it below."
ORGANISATION_BOTH = "Either choose an organisation from the list or add a new one, not both."
ORGANISATION_DETAILS_MISSING = "To add your organisation, give its name, kind and place."
ORGANISATION_EXISTS = "{name} is already on Common Ground: choose it from the list."
CHARITY_NUMBER_TAKEN = "An organisation with this charity number is already on Common Ground."
CHARITY_NUMBER_NOT_FOR_PUBLIC_BODY = "Public bodies do not have a registered charity number."
ROLE_NEEDS_PUBLIC_BODY = "Commissioners work for a local authority, NHS body or other public body."
ROLE_NEEDS_VOLUNTARY_ORGANISATION = (
    "Chief executives on Common Ground lead a charity, social enterprise or community group."
)


class LoginForm(AllauthLoginForm):
    """allauth's log-in, its labels in the site's voice."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["remember"].label = "Keep me logged in on this device"


class SignupForm(AllauthSignupForm):
    """allauth's sign-up, asking for the name other members will know you by."""

    first_name = forms.CharField(label="First name", max_length=150)
    last_name = forms.CharField(label="Last name", max_length=150)

    field_order = ["first_name", "last_name", "email", "password1", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password2"].label = "Password again"
        self.fields["password2"].widget.attrs["placeholder"] = "Password again"
        for name in ("first_name", "last_name"):
            self.fields[name].widget.attrs["autocomplete"] = (
                "given-name" if name == "first_name" else "family-name"
            )


class MemberForm(forms.Form):
    """Role, organisation and sharing choices: used for onboarding and for later edits."""

    role = forms.ChoiceField(
        label="Your role",
        choices=Member.Role.choices,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": ROLE_INVALID, "required": ROLE_INVALID},
    )
    job_title = forms.CharField(label="Job title", max_length=120, required=False)
    organisation = forms.ModelChoiceField(
        label="Your organisation",
        queryset=Organisation.objects.select_related("place"),
        required=False,
        empty_label="My organisation is not listed",
        help_text="Start typing its name.",
        # organisation-picker.js turns this list into a search box; without JavaScript it
        # stays a list, which a browser lets you search by typing.
        widget=forms.Select(
            attrs={"data-organisation-picker": reverse_lazy("network:organisation_search")}
        ),
    )
    new_organisation_name = forms.CharField(
        label="Organisation name", max_length=200, required=False
    )
    new_organisation_kind = forms.ChoiceField(
        label="Kind of organisation",
        choices=[("", "Choose…"), *Organisation.Kind.choices],
        required=False,
    )
    new_organisation_place = forms.ModelChoiceField(
        label="Where it is based",
        queryset=Place.objects.all(),
        required=False,
        empty_label="Choose…",
    )
    new_organisation_charity_number = forms.CharField(
        label="Registered charity number (if it has one)",
        max_length=12,
        required=False,
        help_text=Organisation._meta.get_field("charity_number").help_text,
    )
    new_organisation_annual_income = forms.IntegerField(
        label="Its annual income in pounds (if you know it)",
        min_value=0,
        max_value=10**12,
        required=False,
        help_text=Organisation._meta.get_field("annual_income").help_text,
    )
    bio = forms.CharField(
        label="About you",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What you lead, what you would like to learn, what you can offer peers.",
    )
    listed_in_directory = forms.BooleanField(
        label=Member._meta.get_field("listed_in_directory").verbose_name.capitalize(),
        required=False,
        initial=True,
        help_text=Member._meta.get_field("listed_in_directory").help_text,
    )
    show_organisation = forms.BooleanField(
        label="Show my organisation and place", required=False, initial=True
    )
    show_email = forms.BooleanField(
        label="Show my email address to other members", required=False, initial=False
    )

    def clean_new_organisation_charity_number(self) -> str:
        number = normalise_charity_number(self.cleaned_data["new_organisation_charity_number"])
        validate_charity_number(number)
        return number

    def clean(self):
        data = super().clean()
        chosen = data.get("organisation")
        name = (data.get("new_organisation_name") or "").strip()
        kind = data.get("new_organisation_kind")
        place = data.get("new_organisation_place")
        number = data.get("new_organisation_charity_number") or ""
        adding = bool(name or kind or place or number)

        if chosen and adding:
            raise forms.ValidationError(ORGANISATION_BOTH)
        if not chosen and not adding:
            self.add_error("organisation", ORGANISATION_MISSING)
            return data
        if adding:
            if not (name and kind and place):
                raise forms.ValidationError(ORGANISATION_DETAILS_MISSING)
            existing = Organisation.objects.filter(name__iexact=name).first()
            if existing:
                self.add_error("new_organisation_name", ORGANISATION_EXISTS.format(name=existing))
            if number and kind in Organisation.PUBLIC_KINDS:
                self.add_error(
                    "new_organisation_charity_number", CHARITY_NUMBER_NOT_FOR_PUBLIC_BODY
                )
            elif number and Organisation.objects.filter(charity_number=number).exists():
                self.add_error("new_organisation_charity_number", CHARITY_NUMBER_TAKEN)

        self._check_role_fits(data.get("role"), chosen.kind if chosen else kind)
        return data

    def _check_role_fits(self, role: str | None, kind: str | None) -> None:
        if not role or not kind:
            return
        if role == Member.Role.COMMISSIONER and kind not in Organisation.PUBLIC_KINDS:
            self.add_error("role", ROLE_NEEDS_PUBLIC_BODY)
        if role == Member.Role.CHIEF_EXECUTIVE and kind not in Organisation.VOLUNTARY_KINDS:
            self.add_error("role", ROLE_NEEDS_VOLUNTARY_ORGANISATION)

    def new_organisation(self) -> dict | None:
        data = self.cleaned_data
        if data.get("organisation"):
            return None
        return {
            "name": data["new_organisation_name"].strip(),
            "kind": data["new_organisation_kind"],
            "place": data["new_organisation_place"],
            "charity_number": data["new_organisation_charity_number"],
            "annual_income": data.get("new_organisation_annual_income"),
        }

    def profile(self) -> dict:
        keys = ("job_title", "bio", "listed_in_directory", "show_organisation", "show_email")
        return {key: self.cleaned_data[key] for key in keys}


def _place_choices() -> list[tuple[str, str]]:
    """Read when a search names a place, or when the cached filters are rendered afresh."""
    return [("", "Anywhere"), *place_options()]


class DirectorySearchForm(forms.Form):
    q = forms.CharField(label="Name", max_length=100, required=False)
    organisation = forms.CharField(label="Organisation", max_length=100, required=False)
    role = forms.ChoiceField(
        label="Role", choices=[("", "Any role"), *Member.Role.choices], required=False
    )
    place = forms.ChoiceField(label="Place", choices=_place_choices, required=False)


class AvatarForm(forms.Form):
    """A photo for the member's avatar; network.services.members.member_avatar_set checks and
    re-encodes it."""

    photo = forms.FileField(
        label="Photo",
        help_text="A JPEG, PNG, WebP or GIF, up to 5 MB. We crop it to a square and remove "
        "any location or camera details.",
        error_messages={"required": "Choose a photo to upload.", "empty": "That file is empty."},
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}),
    )
