"""xxgk: government information-disclosure annual reports to a Parquet data lake."""

#: Bumped whenever parsing changes what a report yields: the next run re-parses every object
#: recorded under another version (the lake index compares it), so improvements reach old data.
PARSER_VERSION = "0.2.0"
CONTRACT_VERSION = 2
