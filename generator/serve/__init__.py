"""`phrasebook serve`: rebuild only what a save changed (differential), and a page of
problems while the content is broken (live)."""
