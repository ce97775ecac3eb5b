"""
The archive as RDF: each public record's schema.org description (the one its page embeds as
JSON-LD, `archive/website/structured_data.py`) read as triples, served as Turtle and JSON-LD,
written whole as a gzipped N-Triples dump with its VoID description, and held to SHACL shapes
(`shapes.ttl`).
"""
