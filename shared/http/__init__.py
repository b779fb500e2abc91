"""HTTP pieces every service uses: problem responses, health and readiness, metrics."""
