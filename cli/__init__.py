"""The `xxgk` command: the outermost layer, which builds the settings and calls the flows or
the core (cli → flows → tasks → xxgk → schemas; nothing below imports it)."""
