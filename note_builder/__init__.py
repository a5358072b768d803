"""Transcript in, evidence-linked SOAP draft out. No web or database imports."""
