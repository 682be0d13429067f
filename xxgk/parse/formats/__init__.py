"""Front ends that turn each document format into text with `|`-separated table rows."""
