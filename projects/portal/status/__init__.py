"""The public status lookup (no account): project code and verification code."""
