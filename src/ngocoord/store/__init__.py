"""The register's storage: engine, models, migrations, audit, settings, offices."""
