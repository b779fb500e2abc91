"""Tests of the packaging in deploy/: images, compose file, Kubernetes manifests."""
