"""Validation of filing packets: grouping documents into filings and checking them against rule packs.

Entry points: ``validate.grouping.group_documents`` and ``validate.check.validate_filing``.
Issue codes live in ``validate.codes``; per-region rules are YAML in ``validate/packs/``.
"""
