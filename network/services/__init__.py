"""Everything in `network` that writes: members, matching, bookings."""
