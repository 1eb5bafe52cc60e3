"""Peer-support circles and their real-time discussion."""
