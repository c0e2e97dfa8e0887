"""Privacy guard in the web layer: the live scan endpoint and the form review helper."""
