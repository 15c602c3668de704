"""Review: findings about a table or a case, from a registry of documented rules."""
