"""Accounts: passwords, tokens and sessions (auth), OAuth sign-in, organizations and invitations."""
