"""Knowledge pages to and from Markdown files with YAML front matter.

The format is the contract in DESIGN.md (`import_markdown`, `export_knowledge`):
`frontmatter` reads and writes one file, `fields` says which keys map to which fields,
`dump` turns a page into a file's content and `load` the reverse; `importer` and
`exporter` walk a folder.
"""
