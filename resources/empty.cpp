// Keeps gateline_resources non-empty before resources exist.
