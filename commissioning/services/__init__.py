"""Everything in `commissioning` that writes, one module per stage (rules shared in `rules`)."""
