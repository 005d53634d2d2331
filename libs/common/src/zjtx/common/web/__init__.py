"""Web conventions shared by every service: problem+json errors, request ids, auth, health, audit."""
