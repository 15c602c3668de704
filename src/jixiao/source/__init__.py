"""Reading source text: a file's text in any encoding (`text`), the one YAML/JSON reader
(`reader`: bounded, values that remember their lines), the numbers it reads (`values`), its
Chinese syntax messages and its one error type (`errors.SourceError`, a located problem).
Imports only `jixiao.core`; any package that reads a file may import it (docs.md)."""
