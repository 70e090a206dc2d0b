"""The phrase finder's index."""
