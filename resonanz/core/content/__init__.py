"""Content vetting: topics and fit to a brief, brand safety, earlier brand partnerships."""
