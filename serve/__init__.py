"""What `make demo` serves after the build: the supervisor that starts and stops Dagster, Superset
and the Data Docs server together (supervisor.py), and the Data Docs server (data_docs.py)."""
