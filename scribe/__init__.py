"""Session audio in, speaker-attributed clinical transcript out. No web or database imports."""
