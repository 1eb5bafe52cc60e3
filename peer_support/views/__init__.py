"""Circle pages, one module per concern: circles (and membership), messages, moderation,
meetings and read_state.

Every page that shows messages or names checks participation first
(`peer_support.decorators.participant_view`); the no-JavaScript forms here do everything the
socket does, through the same services.
"""
