"""Demo organisations, members, matching and bookings: data.yaml, loaded by loader.py."""
