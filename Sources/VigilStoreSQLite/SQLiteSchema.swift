import GRDB

/// The SQLite schema and its migrations, all in one place.
enum SQLiteSchema {
    static func migrator() -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-spine") { db in
            try db.execute(sql: """
                CREATE TABLE sources (
                    id INTEGER PRIMARY KEY,
                    name TEXT NOT NULL UNIQUE,
                    created_at INTEGER NOT NULL
                );
                CREATE TABLE batches (
                    id INTEGER PRIMARY KEY,
                    sha256 TEXT NOT NULL UNIQUE,
                    source_id INTEGER NOT NULL REFERENCES sources(id),
                    format TEXT NOT NULL,
                    report_type TEXT,
                    file_name TEXT NOT NULL,
                    size INTEGER NOT NULL,
                    received_at INTEGER NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('running', 'complete')),
                    rows INTEGER NOT NULL DEFAULT 0,
                    observations INTEGER NOT NULL DEFAULT 0,
                    rejects INTEGER NOT NULL DEFAULT 0,
                    new_threats INTEGER NOT NULL DEFAULT 0,
                    new_sightings INTEGER NOT NULL DEFAULT 0,
                    completed_at INTEGER
                );
                CREATE TABLE threats (
                    seq INTEGER PRIMARY KEY,
                    id INTEGER NOT NULL UNIQUE,
                    kind TEXT NOT NULL,
                    indicator_type TEXT NOT NULL,
                    indicator TEXT NOT NULL,
                    first_seen INTEGER NOT NULL,
                    last_seen INTEGER NOT NULL,
                    sightings INTEGER NOT NULL,
                    sources INTEGER NOT NULL,
                    country TEXT,
                    province INTEGER,
                    city TEXT,
                    operator TEXT NOT NULL,
                    operator_name TEXT,
                    asn INTEGER,
                    origin_source INTEGER NOT NULL REFERENCES sources(id),
                    origin_seen_at INTEGER NOT NULL,
                    origin_batch INTEGER NOT NULL,
                    origin_row INTEGER NOT NULL
                );
                -- Every sighting of a threat except its first (origin) one, which the threat row holds.
                CREATE TABLE sightings (
                    threat_seq INTEGER NOT NULL REFERENCES threats(seq),
                    source_id INTEGER NOT NULL,
                    seen_at INTEGER NOT NULL,
                    batch_id INTEGER NOT NULL,
                    row INTEGER NOT NULL,
                    PRIMARY KEY (threat_seq, source_id, seen_at)
                ) WITHOUT ROWID;
                CREATE TABLE rejects (
                    batch_id INTEGER NOT NULL REFERENCES batches(id),
                    row INTEGER NOT NULL,
                    code TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    raw TEXT NOT NULL,
                    PRIMARY KEY (batch_id, row)
                ) WITHOUT ROWID;
                CREATE TABLE threat_rollup (
                    kind TEXT NOT NULL,
                    province INTEGER NOT NULL,
                    operator TEXT NOT NULL,
                    threats INTEGER NOT NULL,
                    PRIMARY KEY (kind, province, operator)
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v2-attribution") { db in
            try db.execute(sql: """
                CREATE TABLE attribution_details (
                    id INTEGER PRIMARY KEY,
                    key TEXT NOT NULL UNIQUE,
                    organization_id TEXT,
                    organization_name TEXT,
                    organization_rule TEXT,
                    provenance TEXT
                );
                ALTER TABLE threats ADD COLUMN registrable_domain TEXT;
                ALTER TABLE threats ADD COLUMN details_id INTEGER REFERENCES attribution_details(id);
                ALTER TABLE threats ADD COLUMN via_address TEXT;
                ALTER TABLE threats ADD COLUMN reported_asn INTEGER;
                """)
        }
        return migrator
    }
}
