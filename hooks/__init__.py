"""The site side of the archive: MkDocs hook (archive.py), page generation (site.py), offline bundle."""
