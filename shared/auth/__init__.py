"""Who is calling: bearer credentials, the roles they carry, and each route's access rule.

Three kinds of callers hold a credential (README, "Roles and credentials"): the operator
(``JOBMATCH_ADMIN_TOKEN``), an employer (an API key intake issues) and a candidate (a token
intake issues with their CV). Every service checks them the same way, against hashes it holds
itself: intake stores them, and publishes the hashes the matcher and notifier need.
"""
