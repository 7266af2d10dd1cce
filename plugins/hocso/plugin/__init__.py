"""MkDocs glue for the lesson core: configuration and event handlers only."""
