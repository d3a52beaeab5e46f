"""The enterprise's uploads against named materials (notice, corrections) and the agent's review."""
