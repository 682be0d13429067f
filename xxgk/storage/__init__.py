"""Object storage behind one interface: S3 (boto3, pyarrow) and local folders, picked by URI."""
