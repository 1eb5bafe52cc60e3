"""Masterclasses and guidance: Wagtail pages, the shared taxonomy, sessions and registrations."""

from masterclasses.models.pages import (
    GuidanceDocument,
    GuidanceIndexPage,
    GuidancePage,
    HomePage,
    MasterclassIndexPage,
    MasterclassPage,
    ProgrammePage,
)
from masterclasses.models.sessions import Registration, RegistrationQuerySet, Session
from masterclasses.models.taxonomy import Audience, Format, Speaker, Topic

__all__ = [
    "Audience",
    "Format",
    "GuidanceDocument",
    "GuidanceIndexPage",
    "GuidancePage",
    "HomePage",
    "MasterclassIndexPage",
    "MasterclassPage",
    "ProgrammePage",
    "Registration",
    "RegistrationQuerySet",
    "Session",
    "Speaker",
    "Topic",
]
