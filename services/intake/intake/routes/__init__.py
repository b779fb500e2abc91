"""HTTP routes of intake, one blueprint per resource."""
