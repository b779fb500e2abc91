"""Running jobmatch locally: the three-service launcher and the demo."""
