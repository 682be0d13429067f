"""Object storage behind one interface: S3 (obstore, boto3, pyarrow) and local folders,
picked by URI; one S3 configuration (`s3_config.S3Config`) makes every client."""
