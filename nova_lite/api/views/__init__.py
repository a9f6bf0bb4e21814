"""Response bodies, built from objects, shaped as Nova's for each
microversion."""
