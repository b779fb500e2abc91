"""Matcher service: ranks CVs against postings and postings against CVs, and publishes matches."""
