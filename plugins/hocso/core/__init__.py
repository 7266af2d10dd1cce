"""The lesson core: model, loader, diagnostics and rendering, free of any MkDocs import."""
