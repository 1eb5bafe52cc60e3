"""Everything in `network` that reads for a page: members, matching, bookings."""
