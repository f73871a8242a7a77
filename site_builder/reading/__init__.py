"""Reading files: UTF-8 text, front matter, YAML with the line of every field, typed fields."""
