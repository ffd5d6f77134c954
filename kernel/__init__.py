"""The ground every stage stands on: domain vocabulary, result schema, settings, reference data,
the page and reading types, and GB 11643 ID numbers. It imports none of the stages."""
