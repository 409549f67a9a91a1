"""The capture language: what the note taker types in the capture line."""
