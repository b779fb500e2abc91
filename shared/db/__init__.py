"""Storage helpers shared by the services: engines, the transactional outbox, processed events."""
