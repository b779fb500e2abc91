"""Fair day: check-ins, stall queues, calls, interviews, offer letters and the funnel (docs/fair-day.md)."""
