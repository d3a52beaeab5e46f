"""Who of an enterprise may sign in: invitations by one-time link, colleagues, access list."""
