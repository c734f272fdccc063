"""Event extraction: from a parsed sentence to coded, dated, sourced events."""
