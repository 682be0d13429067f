"""xxgk: government information-disclosure annual reports to a Parquet data lake."""

PARSER_VERSION = "0.1.0"
CONTRACT_VERSION = 1
