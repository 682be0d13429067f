"""Tests of the test harness and the benchmark tools, apart from the product's tests."""
