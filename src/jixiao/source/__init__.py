"""Reading source text: the one YAML/JSON reader (`reader`, bounded, values that remember their
lines), the numbers it reads (`values`), its Chinese syntax messages and its one error type
(`errors.SourceError`, carrying a located problem). See docs.md for who may import it."""
