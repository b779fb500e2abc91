"""The portal: the pages people use at a fair, backed by the other services' HTTP APIs."""
