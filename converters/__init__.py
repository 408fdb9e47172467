"""Converters: raw Chinese government notices → clean structured notices in both scripts.

The pipeline runs one way: raw bytes → text (decode) → cleaned lines (clean stages) →
blocks (unwrap, structure) → Notice (metadata) → Markdown per script (markdown).
"""

__version__ = "0.1.0"
