"""Notifier service: tells candidates about their matches by email or SMS, in their language."""
