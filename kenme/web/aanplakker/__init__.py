"""De Aanplakker in the web: board, thread, the forms of each phase."""
