"""Equipment: the library's searchable metadata in SQL and its model files (JSON) in the blob store, seeded from
the engine's library on start; fuzzy search (pg_trgm on PostgreSQL, FTS5 trigrams on SQLite); user models private
to an account or organization, forks of library entries; an entry's values as the fields of a network element."""
