"""The note lifecycle, co-signature requirements and electronic signatures. Plain Python, no web/db."""
