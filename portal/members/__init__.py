"""The members' area: sign-in, password reset, profile, directory (members only)."""
