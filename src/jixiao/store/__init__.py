"""The database of a deployment: tables keyed on stable identities, migrations, money exact."""
