-- PostgreSQL twin of ../008_meta.sql.
CREATE TABLE meta (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
