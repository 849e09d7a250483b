"""Stand-in for Apache Airflow 3 (verification only): see ../README.md."""
