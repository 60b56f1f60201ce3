"""Run files in: FIT, GPX and TCX readers, export unpacking, and the parallel importer."""
