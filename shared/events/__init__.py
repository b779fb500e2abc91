"""The message contract: event types, the envelope, and each event's data schema."""
