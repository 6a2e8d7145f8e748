"""One module per top-level command, named after it (`cli.module_of`); importing one registers it."""
