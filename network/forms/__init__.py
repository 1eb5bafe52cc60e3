"""Forms: sign-up, onboarding and the directory; matching and bookings."""
