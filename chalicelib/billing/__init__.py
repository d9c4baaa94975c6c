"""Plans and their limits (buses per project, studies per month)."""
