import VigilStore
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
        // Determination and disposal: the same tables as PostgreSQL's, read and written by the shared disposal ledger.
        migrator.registerMigration("v3-disposal") { db in
            try db.execute(sql: """
                CREATE TABLE determinations (
                    threat_id INTEGER PRIMARY KEY,
                    decision TEXT NOT NULL CHECK (decision IN ('confirmed', 'rejected', 'needsReview')),
                    rule TEXT NOT NULL,
                    evidence TEXT NOT NULL,
                    decided_by TEXT NOT NULL,
                    decided_at INTEGER NOT NULL,
                    sources_seen INTEGER NOT NULL,
                    reason TEXT
                );
                CREATE INDEX determinations_decision ON determinations (decision, threat_id);
                CREATE TABLE tickets (
                    id INTEGER PRIMARY KEY,
                    organization TEXT NOT NULL,
                    measure TEXT NOT NULL,
                    state TEXT NOT NULL,
                    severity TEXT NOT NULL,
                    province INTEGER,
                    issued_at INTEGER NOT NULL,
                    deadline INTEGER NOT NULL,
                    acknowledged_at INTEGER,
                    reported_done_at INTEGER,
                    verified_at INTEGER,
                    closed_at INTEGER,
                    updated_at INTEGER NOT NULL,
                    escalations INTEGER NOT NULL DEFAULT 0,
                    reopenings INTEGER NOT NULL DEFAULT 0,
                    notify_parent INTEGER NOT NULL DEFAULT 0,
                    notify_cac INTEGER NOT NULL DEFAULT 0,
                    note TEXT,
                    evidence TEXT
                );
                CREATE UNIQUE INDEX tickets_one_open ON tickets (organization, measure) WHERE state IN ('issued', 'acknowledged', 'reopened');
                CREATE INDEX tickets_state ON tickets (state, deadline);
                CREATE TABLE ticket_threats (
                    threat_id INTEGER NOT NULL,
                    ticket_id INTEGER NOT NULL REFERENCES tickets(id),
                    added_at INTEGER NOT NULL,
                    removed_at INTEGER,
                    PRIMARY KEY (threat_id, ticket_id)
                );
                CREATE INDEX ticket_threats_ticket ON ticket_threats (ticket_id);
                CREATE TABLE unassigned_threats (
                    threat_id INTEGER PRIMARY KEY,
                    province INTEGER,
                    since INTEGER NOT NULL
                );
                CREATE TABLE appeals (
                    id INTEGER PRIMARY KEY,
                    threat_id INTEGER NOT NULL,
                    ticket_id INTEGER,
                    filed_by TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    state TEXT NOT NULL CHECK (state IN ('pending', 'reversed', 'upheld')),
                    filed_at INTEGER NOT NULL,
                    decided_by TEXT,
                    decided_at INTEGER,
                    decision_reason TEXT
                );
                CREATE UNIQUE INDEX appeals_one_pending ON appeals (threat_id) WHERE state = 'pending';
                CREATE TABLE extensions (
                    id INTEGER PRIMARY KEY,
                    ticket_id INTEGER NOT NULL REFERENCES tickets(id),
                    requested_by TEXT NOT NULL,
                    hours INTEGER NOT NULL,
                    reason TEXT NOT NULL,
                    state TEXT NOT NULL CHECK (state IN ('pending', 'granted', 'denied')),
                    requested_at INTEGER NOT NULL,
                    decided_by TEXT,
                    decided_at INTEGER,
                    decision_reason TEXT
                );
                CREATE UNIQUE INDEX extensions_one_pending ON extensions (ticket_id) WHERE state = 'pending';
                CREATE TABLE notices (
                    id INTEGER PRIMARY KEY,
                    ticket_id INTEGER NOT NULL REFERENCES tickets(id),
                    purpose TEXT NOT NULL,
                    channel TEXT NOT NULL,
                    recipient TEXT NOT NULL,
                    state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed')),
                    attempts INTEGER NOT NULL DEFAULT 0,
                    next_attempt_at INTEGER NOT NULL,
                    last_error TEXT,
                    created_at INTEGER NOT NULL,
                    sent_at INTEGER,
                    UNIQUE (ticket_id, purpose, channel, recipient)
                );
                CREATE INDEX notices_due ON notices (state, next_attempt_at);
                CREATE TABLE deliveries (
                    notice_id INTEGER NOT NULL REFERENCES notices(id),
                    attempt INTEGER NOT NULL,
                    at INTEGER NOT NULL,
                    ok INTEGER NOT NULL,
                    detail TEXT NOT NULL,
                    PRIMARY KEY (notice_id, attempt)
                );
                CREATE TABLE audit_log (
                    id INTEGER PRIMARY KEY,
                    at INTEGER NOT NULL,
                    actor TEXT NOT NULL,
                    action TEXT NOT NULL,
                    object_type TEXT NOT NULL,
                    object_id TEXT NOT NULL,
                    from_state TEXT,
                    to_state TEXT,
                    detail TEXT
                );
                CREATE INDEX audit_log_object ON audit_log (object_type, object_id, id);
                CREATE TABLE campaigns (
                    id INTEGER PRIMARY KEY,
                    name TEXT NOT NULL UNIQUE,
                    definition TEXT NOT NULL,
                    created_at INTEGER NOT NULL
                );
                CREATE TABLE incident_grades (
                    threat_id INTEGER PRIMARY KEY,
                    grade TEXT NOT NULL,
                    users_affected INTEGER,
                    records_leaked INTEGER,
                    provinces INTEGER,
                    critical_infrastructure INTEGER NOT NULL,
                    graded_by TEXT NOT NULL,
                    graded_at INTEGER NOT NULL
                );
                -- Sightings by threat id, as the disposal ledger's portable SQL reads them on both stores.
                CREATE VIEW threat_sightings AS
                    SELECT t.id AS threat_id, s.source_id, s.seen_at FROM sightings s JOIN threats t ON t.seq = s.threat_seq;
                """)
        }
        // Users and API tokens (issue 7): the same tables as PostgreSQL's.
        migrator.registerMigration("v4-access") { db in
            try db.execute(sql: """
                CREATE TABLE users (
                    id INTEGER PRIMARY KEY,
                    name TEXT NOT NULL UNIQUE,
                    role TEXT NOT NULL CHECK (role IN ('ministry', 'province', 'organization', 'reporter', 'auditor')),
                    province INTEGER,
                    organization TEXT,
                    password_hash TEXT,
                    disabled INTEGER NOT NULL DEFAULT 0,
                    created_at INTEGER NOT NULL
                );
                CREATE TABLE api_tokens (
                    id INTEGER PRIMARY KEY,
                    user_id INTEGER NOT NULL REFERENCES users(id),
                    token_hash TEXT NOT NULL UNIQUE,
                    label TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    revoked_at INTEGER
                )

                """)
        }
        migrator.registerMigration("v5-platform") { db in
            try db.execute(sql: """
                ALTER TABLE audit_log ADD COLUMN source_ip TEXT;
                -- The API and dashboard list threats newest sighting first, in pages, kind by kind (merged): each page
                -- is a few short index ranges, for everything, a province, or an organization (via details_id).
                CREATE INDEX threats_kind_last_seen ON threats (kind, last_seen DESC, id);
                CREATE INDEX threats_province_last_seen ON threats (province, last_seen DESC, id);
                CREATE INDEX threats_details ON threats (details_id);
                -- How many threats a ticket has on it, kept with ticket_threats, so lists do not count them.
                ALTER TABLE tickets ADD COLUMN threat_count INTEGER NOT NULL DEFAULT 0;
                UPDATE tickets SET threat_count = (SELECT COUNT(*) FROM ticket_threats o WHERE o.ticket_id = tickets.id AND o.removed_at IS NULL);
                -- Who submitted a batch through the API (a reporter sees these); the same bytes from two users count for both.
                CREATE TABLE submissions (
                    batch_id INTEGER NOT NULL REFERENCES batches(id),
                    user_id INTEGER NOT NULL REFERENCES users(id),
                    submitted_at INTEGER NOT NULL,
                    PRIMARY KEY (batch_id, user_id)
                );
                CREATE INDEX submissions_user ON submissions (user_id, batch_id);
                -- New threats per day (Beijing time) of their first sighting, by kind, province and operator: trends and
                -- period-on-period figures without scanning threats. Kept on write with threat_rollup.
                CREATE TABLE threat_daily (
                    day INTEGER NOT NULL,
                    kind TEXT NOT NULL,
                    province INTEGER NOT NULL,
                    operator TEXT NOT NULL,
                    threats INTEGER NOT NULL,
                    PRIMARY KEY (day, kind, province, operator)
                ) WITHOUT ROWID;
                INSERT INTO threat_daily (day, kind, province, operator, threats)
                    SELECT \(ThreatDay.sql("origin_seen_at")), kind, coalesce(province, 0), operator, count(*) FROM threats GROUP BY 1, 2, 3, 4;
                -- Dashboard sessions: the cookie's hash, never the cookie.
                CREATE TABLE sessions (
                    token_hash TEXT PRIMARY KEY,
                    user_id INTEGER NOT NULL REFERENCES users(id),
                    csrf TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    expires_at INTEGER NOT NULL
                )
                """)
        }
        migrator.registerMigration("v6-probes") { db in
            try db.execute(sql: """
                -- Re-checks (复核): when a ticket is reported done, each of its threats is probed again, up to 3 attempts.
                CREATE TABLE rechecks (
                    id INTEGER PRIMARY KEY,
                    ticket_id INTEGER NOT NULL REFERENCES tickets(id),
                    threat_id INTEGER NOT NULL,
                    round INTEGER NOT NULL,
                    probe TEXT NOT NULL,
                    target TEXT NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    due_at INTEGER NOT NULL,
                    verdict TEXT,
                    fingerprint TEXT,
                    created_at INTEGER NOT NULL,
                    completed_at INTEGER,
                    UNIQUE (ticket_id, threat_id, round)
                );
                CREATE INDEX rechecks_due ON rechecks (due_at) WHERE verdict IS NULL;
                -- Every probe attempt's evidence (JSON), tied to a re-check, a threat or a watch.
                CREATE TABLE probe_evidence (
                    id INTEGER PRIMARY KEY,
                    recheck_id INTEGER REFERENCES rechecks(id),
                    threat_id INTEGER,
                    watch_id INTEGER,
                    probe TEXT NOT NULL,
                    target TEXT NOT NULL,
                    verdict TEXT NOT NULL,
                    positive INTEGER NOT NULL,
                    fingerprint TEXT,
                    sent_at INTEGER NOT NULL,
                    evidence TEXT NOT NULL
                );
                CREATE INDEX probe_evidence_recheck ON probe_evidence (recheck_id);
                CREATE INDEX probe_evidence_threat ON probe_evidence (threat_id, id);
                CREATE INDEX probe_evidence_watch ON probe_evidence (watch_id, id);
                -- Watches (重大活动保障): named sets of names, pages and hosts checked every interval, 24x7.
                CREATE TABLE watches (
                    id INTEGER PRIMARY KEY,
                    name TEXT NOT NULL UNIQUE,
                    spec TEXT NOT NULL,
                    interval_seconds INTEGER NOT NULL,
                    enabled INTEGER NOT NULL DEFAULT 1,
                    created_by TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    last_run_at INTEGER
                );
                -- The last verdict of each check of a watch, so that an alert is raised on a change, not every interval.
                CREATE TABLE watch_checks (
                    watch_id INTEGER NOT NULL REFERENCES watches(id),
                    check_key TEXT NOT NULL,
                    verdict TEXT NOT NULL,
                    failures INTEGER NOT NULL,
                    alerting INTEGER NOT NULL,
                    detail TEXT,
                    checked_at INTEGER NOT NULL,
                    PRIMARY KEY (watch_id, check_key)
                );
                CREATE TABLE watch_alerts (
                    id INTEGER PRIMARY KEY,
                    watch_id INTEGER NOT NULL REFERENCES watches(id),
                    check_key TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    detail TEXT NOT NULL,
                    raised_at INTEGER NOT NULL
                );
                CREATE INDEX watch_alerts_watch ON watch_alerts (watch_id, id);
                -- Each alert to each of the watch's contacts, sent and retried like ticket notices.
                CREATE TABLE alert_deliveries (
                    id INTEGER PRIMARY KEY,
                    alert_id INTEGER NOT NULL REFERENCES watch_alerts(id),
                    channel TEXT NOT NULL,
                    recipient TEXT NOT NULL,
                    state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed')),
                    attempts INTEGER NOT NULL DEFAULT 0,
                    next_attempt_at INTEGER NOT NULL,
                    last_error TEXT,
                    sent_at INTEGER,
                    UNIQUE (alert_id, channel, recipient)
                );
                CREATE INDEX alert_deliveries_due ON alert_deliveries (state, next_attempt_at)
                """)
        }
        migrator.registerMigration("v7-publish") { db in
            try db.execute(sql: """
                -- What each published list (RPZ zone, IP list, domain list …) holds now, and every change to it.
                CREATE TABLE publication_entries (
                    list TEXT NOT NULL,
                    entry TEXT NOT NULL,
                    threat_id INTEGER NOT NULL,
                    kind TEXT NOT NULL,
                    listed_at INTEGER NOT NULL,
                    PRIMARY KEY (list, entry)
                );
                CREATE TABLE publication_changes (
                    id INTEGER PRIMARY KEY,
                    list TEXT NOT NULL,
                    entry TEXT NOT NULL,
                    change TEXT NOT NULL CHECK (change IN ('listed', 'lifted')),
                    threat_id INTEGER NOT NULL,
                    kind TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    serial INTEGER NOT NULL,
                    at INTEGER NOT NULL
                );
                CREATE INDEX publication_changes_list ON publication_changes (list, id);
                CREATE TABLE publication_serials (
                    list TEXT PRIMARY KEY,
                    serial INTEGER NOT NULL,
                    entries INTEGER NOT NULL,
                    changed_at INTEGER NOT NULL
                )
                """)
        }
        migrator.registerMigration("v8-feed") { db in
            // The published threats in the order they were confirmed: TAXII's `added_after` and pages.
            try db.execute(sql: "CREATE INDEX determinations_feed ON determinations (decision, decided_at, threat_id)")
        }
        migrator.registerMigration("v9-report") { db in
            try db.execute(sql: """
                -- New threats per day (Beijing time) of their first sighting by the source that reported them first, and
                -- threats disposed of (reported done) and verified fixed per day by organization, kind, province and
                -- operator: the situation report's figures without scanning threats. Kept on write.
                CREATE TABLE source_daily (
                    day INTEGER NOT NULL,
                    source_id INTEGER NOT NULL,
                    kind TEXT NOT NULL,
                    threats INTEGER NOT NULL,
                    PRIMARY KEY (day, source_id, kind)
                ) WITHOUT ROWID;
                INSERT INTO source_daily (day, source_id, kind, threats)
                    SELECT \(ThreatDay.sql("origin_seen_at")), origin_source, kind, count(*) FROM threats GROUP BY 1, 2, 3;
                CREATE TABLE disposal_daily (
                    day INTEGER NOT NULL,
                    organization TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    province INTEGER NOT NULL,
                    operator TEXT NOT NULL,
                    disposed INTEGER NOT NULL,
                    verified INTEGER NOT NULL,
                    PRIMARY KEY (day, organization, kind, province, operator)
                ) WITHOUT ROWID;
                -- When each threat on a ticket was disposed of (its ticket first reported done with it on).
                ALTER TABLE ticket_threats ADD COLUMN disposed_at INTEGER;
                \(ReportLedger.backfillDisposedAt.joined(separator: ";\n"));
                \(ReportLedger.rebuildDisposalDaily);
                CREATE INDEX tickets_issued ON tickets (issued_at)
                """)
        }
        return migrator
    }
}
