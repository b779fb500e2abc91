"""The message bus (kombu): settings, topology, publisher and consumer."""
