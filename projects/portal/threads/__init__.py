"""A case's message thread between the enterprise and its agent."""
