"""Intake service: fairs, employers' postings and candidates' CVs, published as events."""
