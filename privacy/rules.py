"""For every model that points at a member or a user: what the archive gives of it, and what
erasing an account does to it. `tests/privacy/test_rules.py` walks every model's relations
and fails when one pointing at `Member` or `User` has no rule here.

RULES runs in order on erasure: changes other people are told about first (through their
services, which write the notices), then deletes, then the scrub of the member itself.
docs/privacy.md is the readable version of this table.
"""

from collections.abc import Callable
from dataclasses import dataclass

from privacy import selectors as give
from privacy.services import erasure as erase
from privacy.services.export import Part


@dataclass(frozen=True)
class Rule:
    model: str  # "app_label.ModelName"
    export: Callable[..., Part | None]
    erase: Callable[[erase.ErasureContext], None]
    note: str  # what is kept and why, in words for docs/privacy.md

    def __post_init__(self):
        if not self.note:
            raise ValueError(f"The rule for {self.model} must say what happens and why.")


D = erase._deleter
U = erase._unlinker

RULES: list[Rule] = [
    # Told to other people, through the owning services.
    Rule(
        "network.Booking",
        give.bookings,
        erase.bookings_cancel,
        "Sessions still to come are cancelled and the other person told; past sessions stay "
        "in the other person's history, showing a former member.",
    ),
    Rule(
        "network.Availability",
        give.availability,
        erase.keep,
        "Deleted by the booking step, once no one can book them any more.",
    ),
    Rule(
        "masterclasses.Registration",
        give.registrations,
        erase.registrations_release,
        "Places and waiting-list entries for sessions to come are released (the waiting "
        "list moves up); past attendance stays, without a name, for attendance figures.",
    ),
    Rule(
        "peer_support.CircleMembership",
        give.circle_memberships,
        erase.memberships_end,
        "They leave every circle; the membership row stays, as a former member's, so the "
        "circle's history reads.",
    ),
    Rule(
        "peer_support.Circle",
        give.circles_facilitated,
        erase.keep,
        "Someone facilitating an open circle cannot erase their account until it is closed "
        "or handed over; closed circles stay, facilitated by a former member.",
    ),
    Rule(
        "peer_support.Message",
        give.messages,
        erase.messages_anonymise,
        "Messages stay in their threads as a former member's, with the words removed "
        "unless they chose to leave them without their name.",
    ),
    Rule(
        "peer_support.Thread",
        give.threads_started,
        U("peer_support.Thread", "started_by"),
        "Threads stay (they hold other people's messages), without who started them.",
    ),
    Rule(
        "peer_support.ActionLearningSet",
        give.action_learning_sets_run,
        U("peer_support.ActionLearningSet", "created_by"),
        "Sets stay with their circle, without who ran them.",
    ),
    Rule(
        "peer_support.ActionLearningIssue",
        give.action_learning_turns,
        U("peer_support.ActionLearningIssue", "holder"),
        "Turns stay (other people's questions hang off them), without the issue-holder.",
    ),
    Rule(
        "peer_support.ActionLearningQuestion",
        give.action_learning_questions,
        erase.questions_anonymise,
        "Deleted, unless they chose to leave their words: then kept without their name.",
    ),
    Rule(
        "peer_support.ActionLearningAction",
        give.action_learning_actions,
        D("peer_support.ActionLearningAction", "holder"),
        "Deleted: their commitments are theirs.",
    ),
    Rule(
        "network.Opportunity",
        give.opportunities,
        erase.opportunities_close,
        "Open opportunities are closed; they stay as a record of what was commissioned.",
    ),
    # Commissioning (issue 13): the record of how public money was decided is kept.
    Rule(
        "commissioning.Challenge",
        give.challenges_commissioned,
        erase.keep,
        "Someone commissioning a challenge still open cannot erase their account until they "
        "close it or staff hand it to another commissioner: the people invited, the "
        "proposals and the bids need someone to answer to. Awarded and closed challenges stay, "
        "as the public record of how the money was decided, commissioned by a former member.",
    ),
    Rule(
        "commissioning.ConsortiumPartner",
        give.consortium_invitations,
        erase.consortium_invitations_decline,
        "Invitations to a consortium they have not answered are declined, and the lead told; "
        "answers given stay, as the consortium's record (the partner is the organisation).",
    ),
    Rule(
        "commissioning.Invitation",
        give.challenge_invitations,
        erase.challenge_invitations_revoke,
        "Their invitations to challenges end; the rows stay as the record of who was asked "
        "(and because what they wrote hangs off them), naming a former member.",
    ),
    Rule(
        "commissioning.Proposal",
        give.challenge_proposals,
        erase.proposals_withdraw,
        "Proposals nobody has decided on are withdrawn (deleted), unless they chose to leave "
        "their words, then kept as a former member's; decided ones stay, because the "
        "commissioner's decision and the outcome's history rest on them.",
    ),
    Rule(
        "commissioning.Comment",
        give.challenge_comments,
        erase.challenge_comments_anonymise,
        "Comments stay in their thread (other people's replies hang off them) as a former "
        "member's, the words removed unless they chose to leave them, as circle messages; "
        "comments they hid as a moderator stay hidden, without who hid them.",
    ),
    Rule(
        "commissioning.CommunityAsset",
        give.community_assets_offered,
        erase.keep,
        "Kept: a venue, a volunteer group or a data set is the place's, not theirs, and the "
        "challenge's map of resources (and decisions made on it) reads from it; it shows as "
        "offered by a former member.",
    ),
    Rule(
        "commissioning.FundingStream",
        give.funding_streams_offered,
        erase.keep,
        "Kept: the money is their organisation's offer, and the challenge's resources and "
        "the choice of method were decided on it; it shows as offered by a former member.",
    ),
    Rule(
        "commissioning.Expression",
        give.expressions_led,
        erase.keep,
        "Kept: an expression of interest is their organisation's bid, and an award rests on "
        "it (procurement records are kept); it names a former member as lead.",
    ),
    Rule(
        "commissioning.Clarification",
        give.clarifications_asked,
        erase.keep,
        "Kept: a question and its answer are published to every bidder without saying who "
        "asked, so nothing of theirs is shown; an unanswered one is still answered to all.",
    ),
    Rule(
        "commissioning.Evaluator",
        give.evaluator_places,
        erase.evaluator_places_leave,
        "They leave the panels of lots not yet awarded; on awarded lots the record of who "
        "evaluated stays, naming a former member.",
    ),
    Rule(
        "commissioning.Declaration",
        give.declarations_made,
        erase.keep,
        "Kept, as the law requires of a conflict-of-interest register: what was declared "
        "about which organisation, and when, attributed to a former evaluator without a name.",
    ),
    # Deleted.
    Rule(
        "network.CalendarFeed",
        give.calendar_feed,
        D("network.CalendarFeed", "member"),
        "Deleted: the private feed link stops working.",
    ),
    Rule(
        "network.MatchProfile", give.match_profile, D("network.MatchProfile", "member"), "Deleted."
    ),
    Rule(
        "network.MatchResponse",
        give.interests,
        D("network.MatchResponse", "member", "other"),
        "Deleted, theirs and other people's answers about them.",
    ),
    Rule(
        "network.Connection",
        give.connections,
        D("network.Connection", "first", "second"),
        "Deleted.",
    ),
    Rule(
        "peer_support.JoinRequest",
        give.join_requests,
        D("peer_support.JoinRequest", "member"),
        "Deleted.",
    ),
    Rule(
        "peer_support.Invitation",
        give.invitations_sent,
        erase.invitations_delete,
        "Invitations they sent that were never taken up, and any sent to their address, are "
        "deleted; accepted ones stay, as the other member's way in.",
    ),
    Rule(
        "peer_support.ThreadState",
        give.thread_states,
        D("peer_support.ThreadState", "member"),
        "Deleted.",
    ),
    Rule(
        "peer_support.Mention",
        give.mentions,
        D("peer_support.Mention", "member"),
        "Deleted (the message that mentioned them is the other person's).",
    ),
    Rule(
        "peer_support.Report",
        give.reports,
        D("peer_support.Report", "reporter"),
        "Deleted, with their reasons.",
    ),
    Rule(
        "peer_support.Presence",
        give.nothing,
        D("peer_support.Presence", "member"),
        "Not exported: a row lives only while a page is open. Deleted.",
    ),
    Rule(
        "privacy.DataExport", give.data_exports, erase.exports_delete, "Deleted, archives and all."
    ),
    Rule(
        "privacy.AuditEntry",
        give.audit_entries,
        erase.audit_anonymise,
        "Kept for accountability (what a facilitator or staff did, and when), with their "
        'name replaced by "Former member".',
    ),
    Rule(
        "privacy.Erasure",
        give.nothing,
        erase.keep,
        "The record that the account was erased and when, which the law asks us to keep; "
        "it holds no name or address.",
    ),
    Rule(
        "notifications.Notification",
        give.notifications,
        D("notifications.Notification", "member"),
        "Deleted.",
    ),
    Rule(
        "notifications.Preference",
        give.notification_preferences,
        D("notifications.Preference", "member"),
        "Deleted.",
    ),
    Rule("mfa.Authenticator", give.authenticators, D("mfa.Authenticator", "user"), "Deleted."),
    Rule(
        "wagtailusers.UserProfile",
        give.cms_profile,
        D("wagtailusers.UserProfile", "user"),
        "Deleted.",
    ),
    Rule(
        "wagtailadmin.EditingSession",
        give.nothing,
        D("wagtailadmin.EditingSession", "user"),
        "Not exported: a row lives only while an editor has a page open. Deleted.",
    ),
    Rule(
        "wagtailadmin.FormState",
        give.nothing,
        D("wagtailadmin.FormState", "user"),
        "Not exported: unsaved form drafts in the CMS. Deleted.",
    ),
    Rule(
        "wagtailcore.APIToken",
        give.nothing,
        D("wagtailcore.APIToken", "user"),
        "Not exported: a secret. Deleted.",
    ),
    Rule(
        "wagtailcore.PageSubscription",
        give.nothing,
        D("wagtailcore.PageSubscription", "user"),
        "Not exported: which CMS pages an editor follows. Deleted.",
    ),
    Rule(
        "wagtailcore.Comment",
        give.nothing,
        erase.comments_delete,
        "Editors' comments on drafts: not exported (they are about the site's pages). "
        "Deleted; comments they resolved stay, without who resolved them.",
    ),
    Rule(
        "wagtailcore.CommentReply",
        give.nothing,
        D("wagtailcore.CommentReply", "user"),
        "As comments: deleted.",
    ),
    # The site's content and its history: kept, without the link where it can go.
    Rule(
        "wagtailcore.Page",
        give.nothing,
        erase.pages_release,
        "Pages stay; they no longer name an owner, and any lock they held is released.",
    ),
    Rule(
        "wagtailcore.Revision",
        give.nothing,
        U("wagtailcore.Revision", "user"),
        "The site's content history stays, without who wrote each revision.",
    ),
    Rule(
        "wagtailcore.WorkflowState",
        give.nothing,
        U("wagtailcore.WorkflowState", "requested_by"),
        "Moderation history stays, without who asked.",
    ),
    Rule(
        "wagtailcore.TaskState",
        give.nothing,
        U("wagtailcore.TaskState", "finished_by"),
        "Moderation history stays, without who decided.",
    ),
    Rule(
        "wagtailcore.UploadedFile",
        give.nothing,
        U("wagtailcore.UploadedFile", "uploaded_by_user"),
        "Uploads stay, without who uploaded them.",
    ),
    Rule(
        "wagtailimages.Image",
        give.nothing,
        U("wagtailimages.Image", "uploaded_by_user"),
        "Images stay (they are the site's), without who uploaded them.",
    ),
    Rule(
        "wagtaildocs.Document",
        give.nothing,
        U("wagtaildocs.Document", "uploaded_by_user"),
        "Documents stay (they are the site's), without who uploaded them.",
    ),
    Rule(
        "wagtailcore.PageLogEntry",
        give.nothing,
        erase.keep,
        "The CMS's log of page changes stays; it now names a former member.",
    ),
    Rule(
        "wagtailcore.ModelLogEntry",
        give.nothing,
        erase.keep,
        "The CMS's log of other changes stays; it now names a former member.",
    ),
    Rule(
        "admin.LogEntry",
        give.admin_actions,
        erase.keep,
        "Staff actions in the admin stay for accountability; they now name a former member.",
    ),
    # Last: their addresses, then the member itself.
    Rule(
        "account.EmailAddress",
        give.email_addresses,
        erase.emails_forget,
        "Deleted, so the address can join again; emails waiting to be sent to it are dropped.",
    ),
    Rule(
        "network.Organisation",
        give.organisation,
        erase.keep,
        "An organisation's record is not theirs alone and stays; the archive holds it "
        "where they are its only member.",
    ),
    Rule(
        "network.Member",
        give.profile,
        erase.member_scrub,
        'What remains is a member with no name ("Former member"), no address, no profile '
        "and no password, so other people's records still read; they cannot log in.",
    ),
    Rule("network.User", give.nothing, erase.keep, "Scrubbed with the member above."),
]

RULES_BY_MODEL = {rule.model: rule for rule in RULES}
