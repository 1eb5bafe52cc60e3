from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = "Network: people, organisations, matching and bookings"
    demo_loader = "network.demo.loader.load"  # see core/demo.py
    demo_requires = ()

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

        from network.auth_backends import load_with_member
        from network.models import MatchProfile
        from network.selectors.matching import (
            bookable_changed,
            opportunities_changed,
            reference_invalidate,
            suggestions_changed,
        )
        from network.selectors.members import directory_changed
        from network.services.matching import (
            ID_COPIES,
            m2m_ids_changed,
            reference_deleted,
            reference_deleting,
            suggested_as_changed,
        )

        # Each profile's copies of its outcome-area, place and asset ids (what suggestions search)
        # follow its M2M rows, whichever side changes them, and deleted reference rows.
        for through in ID_COPIES:
            m2m_changed.connect(m2m_ids_changed, sender=through, dispatch_uid=f"ids-{through}")
        for model in ("network.OutcomeArea", "network.Place", "network.Asset"):
            pre_delete.connect(reference_deleting, sender=model, dispatch_uid=f"ids-pd-{model}")
            post_delete.connect(reference_deleted, sender=model, dispatch_uid=f"ids-d-{model}")

        for model in ("network.MatchProfile", "network.Member", "network.User"):
            post_save.connect(suggested_as_changed, sender=model, dispatch_uid=f"as-{model}")

        # Cached suggestions (network/selectors/matching.py) change when either side's
        # profile, consent (opting out, an account closed), capacity (connections) or
        # answers (interest, declines) change: those members' lists, and the lists showing
        # them, are worked out afresh.
        for model in (
            "network.MatchProfile",
            "network.Member",
            "network.User",
            "network.Organisation",
            "network.Connection",
            "network.MatchResponse",
        ):
            post_save.connect(suggestions_changed, sender=model, dispatch_uid=f"sg-s-{model}")
            post_delete.connect(suggestions_changed, sender=model, dispatch_uid=f"sg-d-{model}")
        for field in ("outcome_areas", "places", "assets_offered", "assets_sought"):
            m2m_changed.connect(
                suggestions_changed,
                sender=getattr(MatchProfile, field).through,
                dispatch_uid=f"sg-m2m-{field}",
            )
        for model in ("network.OutcomeArea", "network.Asset", "network.Place"):
            post_save.connect(reference_invalidate, sender=model, dispatch_uid=f"ref-s-{model}")
            post_delete.connect(reference_invalidate, sender=model, dispatch_uid=f"ref-d-{model}")

        # /matches/ keeps each member's cards (network/selectors/matching.py
        # `suggestions_page`): who can be booked and what opportunities are open show on them.
        # A window deleted alone comes from `availability_save` (which says so itself) or the
        # admin's inline (which saves its availability): no receiver, so deleting many stays
        # one statement.
        for model in ("network.Availability", "network.AvailabilityWindow"):
            post_save.connect(bookable_changed, sender=model, dispatch_uid=f"bk-s-{model}")
        post_delete.connect(bookable_changed, sender="network.Availability", dispatch_uid="bk-d")
        for signal in (post_save, post_delete):
            signal.connect(opportunities_changed, sender="network.Opportunity", dispatch_uid="op")

        # Signing in points the session at the backend that loads the member too.
        user_logged_in.connect(load_with_member, dispatch_uid="load-with-member")

        # The member directory's cached pages (network/selectors/members.py).
        for model in ("network.Member", "network.User", "network.Organisation", "network.Place"):
            post_save.connect(directory_changed, sender=model, dispatch_uid=f"dir-s-{model}")
            post_delete.connect(directory_changed, sender=model, dispatch_uid=f"dir-d-{model}")
