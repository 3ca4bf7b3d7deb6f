#if Postgres
import VigilStore
/// The PostgreSQL schema and its migrations, all in one place. Each migration runs once, in a transaction, under an
/// advisory lock, so several workers starting at once migrate exactly once.
enum PostgresSchema {
    /// Migration names and their SQL, in order.
    static let migrations: [(name: String, sql: String)] = [
        ("v1-spine", """
            CREATE TABLE sources (
                id bigserial PRIMARY KEY,
                name text NOT NULL UNIQUE,
                created_at bigint NOT NULL
            );
            CREATE TABLE batches (
                id bigserial PRIMARY KEY,
                sha256 text NOT NULL UNIQUE,
                source_id bigint NOT NULL REFERENCES sources(id),
                format text NOT NULL,
                report_type text,
                file_name text NOT NULL,
                size bigint NOT NULL,
                received_at bigint NOT NULL,
                status text NOT NULL CHECK (status IN ('running', 'complete')),
                rows bigint NOT NULL DEFAULT 0,
                observations bigint NOT NULL DEFAULT 0,
                rejects bigint NOT NULL DEFAULT 0,
                new_threats bigint NOT NULL DEFAULT 0,
                new_sightings bigint NOT NULL DEFAULT 0,
                completed_at bigint,
                -- The worker ingesting a running batch, and until when its claim holds without renewal.
                claimed_by text,
                lease_until timestamptz
            );
            CREATE TABLE attribution_details (
                id bigserial PRIMARY KEY,
                key text NOT NULL UNIQUE,
                organization_id text,
                organization_name text,
                organization_rule text,
                provenance text
            );
            -- Keyed by the stable threat id alone: one unique index to maintain per insert.
            CREATE TABLE threats (
                id bigint PRIMARY KEY,
                kind text NOT NULL,
                indicator_type text NOT NULL,
                indicator text NOT NULL,
                first_seen bigint NOT NULL,
                last_seen bigint NOT NULL,
                sightings bigint NOT NULL,
                sources bigint NOT NULL,
                country text,
                province integer,
                city text,
                operator text NOT NULL,
                operator_name text,
                asn bigint,
                origin_source bigint NOT NULL REFERENCES sources(id),
                origin_seen_at bigint NOT NULL,
                origin_batch bigint NOT NULL,
                origin_row bigint NOT NULL,
                registrable_domain text,
                details_id bigint REFERENCES attribution_details(id),
                via_address text,
                reported_asn bigint
            );
            CREATE INDEX threats_last_seen ON threats (last_seen DESC, id);
            -- Every sighting of a threat except its first (origin) one, which the threat row holds; partitioned by
            -- month of seen_at (UTC seconds), partitions created on demand, a default partition for safety.
            CREATE TABLE sightings (
                threat_id bigint NOT NULL,
                source_id bigint NOT NULL,
                seen_at bigint NOT NULL,
                batch_id bigint NOT NULL,
                row bigint NOT NULL,
                PRIMARY KEY (threat_id, source_id, seen_at)
            ) PARTITION BY RANGE (seen_at);
            CREATE TABLE sightings_default PARTITION OF sightings DEFAULT;
            -- What each committed chunk added to its batch: one row per chunk transaction, so concurrent chunks of
            -- one batch never wait on each other; completing the batch sums them.
            CREATE TABLE batch_counts (
                batch_id bigint NOT NULL REFERENCES batches(id),
                new_threats bigint NOT NULL,
                new_sightings bigint NOT NULL
            );
            CREATE INDEX batch_counts_batch ON batch_counts (batch_id);
            CREATE TABLE rejects (
                batch_id bigint NOT NULL REFERENCES batches(id),
                row bigint NOT NULL,
                code text NOT NULL,
                reason text NOT NULL,
                raw text NOT NULL,
                PRIMARY KEY (batch_id, row)
            );
            CREATE TABLE threat_rollup (
                kind text NOT NULL,
                province integer NOT NULL,
                operator text NOT NULL,
                threats bigint NOT NULL,
                PRIMARY KEY (kind, province, operator)
            );
            """),
        // Foreign keys on the hot table cost more than the insert itself (two referential checks per new threat, about
        // 11 µs of server CPU together, measured on the 1M-row peer input); the writer takes both ids from rows it
        // has just read or written, in the same transaction, so the checks guard nothing the code does not.
        ("v2-threats-without-foreign-keys", """
            ALTER TABLE threats DROP CONSTRAINT IF EXISTS threats_origin_source_fkey;
            ALTER TABLE threats DROP CONSTRAINT IF EXISTS threats_details_id_fkey;
            """),
        // Determination and disposal: the same tables as SQLite's, read and written by the shared disposal ledger.
        ("v3-disposal", """
            CREATE TABLE determinations (
                threat_id bigint PRIMARY KEY,
                decision text NOT NULL CHECK (decision IN ('confirmed', 'rejected', 'needsReview')),
                rule text NOT NULL,
                evidence text NOT NULL,
                decided_by text NOT NULL,
                decided_at bigint NOT NULL,
                sources_seen bigint NOT NULL,
                reason text
            );
            CREATE INDEX determinations_decision ON determinations (decision, threat_id);
            CREATE TABLE tickets (
                id bigserial PRIMARY KEY,
                organization text NOT NULL,
                measure text NOT NULL,
                state text NOT NULL,
                severity text NOT NULL,
                province bigint,
                issued_at bigint NOT NULL,
                deadline bigint NOT NULL,
                acknowledged_at bigint,
                reported_done_at bigint,
                verified_at bigint,
                closed_at bigint,
                updated_at bigint NOT NULL,
                escalations bigint NOT NULL DEFAULT 0,
                reopenings bigint NOT NULL DEFAULT 0,
                notify_parent bigint NOT NULL DEFAULT 0,
                notify_cac bigint NOT NULL DEFAULT 0,
                note text,
                evidence text
            );
            CREATE UNIQUE INDEX tickets_one_open ON tickets (organization, measure) WHERE state IN ('issued', 'acknowledged', 'reopened');
            CREATE INDEX tickets_state ON tickets (state, deadline);
            CREATE TABLE ticket_threats (
                threat_id bigint NOT NULL,
                ticket_id bigint NOT NULL REFERENCES tickets(id),
                added_at bigint NOT NULL,
                removed_at bigint,
                PRIMARY KEY (threat_id, ticket_id)
            );
            CREATE INDEX ticket_threats_ticket ON ticket_threats (ticket_id);
            CREATE TABLE unassigned_threats (
                threat_id bigint PRIMARY KEY,
                province bigint,
                since bigint NOT NULL
            );
            CREATE TABLE appeals (
                id bigserial PRIMARY KEY,
                threat_id bigint NOT NULL,
                ticket_id bigint,
                filed_by text NOT NULL,
                reason text NOT NULL,
                state text NOT NULL CHECK (state IN ('pending', 'reversed', 'upheld')),
                filed_at bigint NOT NULL,
                decided_by text,
                decided_at bigint,
                decision_reason text
            );
            CREATE UNIQUE INDEX appeals_one_pending ON appeals (threat_id) WHERE state = 'pending';
            CREATE TABLE extensions (
                id bigserial PRIMARY KEY,
                ticket_id bigint NOT NULL REFERENCES tickets(id),
                requested_by text NOT NULL,
                hours bigint NOT NULL,
                reason text NOT NULL,
                state text NOT NULL CHECK (state IN ('pending', 'granted', 'denied')),
                requested_at bigint NOT NULL,
                decided_by text,
                decided_at bigint,
                decision_reason text
            );
            CREATE UNIQUE INDEX extensions_one_pending ON extensions (ticket_id) WHERE state = 'pending';
            CREATE TABLE notices (
                id bigserial PRIMARY KEY,
                ticket_id bigint NOT NULL REFERENCES tickets(id),
                purpose text NOT NULL,
                channel text NOT NULL,
                recipient text NOT NULL,
                state text NOT NULL CHECK (state IN ('pending', 'sent', 'failed')),
                attempts bigint NOT NULL DEFAULT 0,
                next_attempt_at bigint NOT NULL,
                last_error text,
                created_at bigint NOT NULL,
                sent_at bigint,
                UNIQUE (ticket_id, purpose, channel, recipient)
            );
            CREATE INDEX notices_due ON notices (state, next_attempt_at);
            CREATE TABLE deliveries (
                notice_id bigint NOT NULL REFERENCES notices(id),
                attempt bigint NOT NULL,
                at bigint NOT NULL,
                ok bigint NOT NULL,
                detail text NOT NULL,
                PRIMARY KEY (notice_id, attempt)
            );
            CREATE TABLE audit_log (
                id bigserial PRIMARY KEY,
                at bigint NOT NULL,
                actor text NOT NULL,
                action text NOT NULL,
                object_type text NOT NULL,
                object_id text NOT NULL,
                from_state text,
                to_state text,
                detail text
            );
            CREATE INDEX audit_log_object ON audit_log (object_type, object_id, id);
            CREATE TABLE campaigns (
                id bigserial PRIMARY KEY,
                name text NOT NULL UNIQUE,
                definition text NOT NULL,
                created_at bigint NOT NULL
            );
            CREATE TABLE incident_grades (
                threat_id bigint PRIMARY KEY,
                grade text NOT NULL,
                users_affected bigint,
                records_leaked bigint,
                provinces bigint,
                critical_infrastructure bigint NOT NULL,
                graded_by text NOT NULL,
                graded_at bigint NOT NULL
            );
            CREATE VIEW threat_sightings AS SELECT threat_id, source_id, seen_at FROM sightings
            """),
        // Users and API tokens (issue 7): the same tables as SQLite's.
        ("v4-access", """
            CREATE TABLE users (
                id bigserial PRIMARY KEY,
                name text NOT NULL UNIQUE,
                role text NOT NULL CHECK (role IN ('ministry', 'province', 'organization', 'reporter', 'auditor')),
                province bigint,
                organization text,
                password_hash text,
                disabled bigint NOT NULL DEFAULT 0,
                created_at bigint NOT NULL
            );
            CREATE TABLE api_tokens (
                id bigserial PRIMARY KEY,
                user_id bigint NOT NULL REFERENCES users(id),
                token_hash text NOT NULL UNIQUE,
                label text NOT NULL,
                created_at bigint NOT NULL,
                revoked_at bigint
            )

            """),
        ("v5-platform", """
            ALTER TABLE audit_log ADD COLUMN source_ip text;
            -- Listings read kind by kind (merged by the server), for everything, a province, or an organization
            -- (via details_id); these replace the time index.
            CREATE INDEX threats_kind_last_seen ON threats (kind, last_seen DESC, id);
            CREATE INDEX threats_province_last_seen ON threats (province, last_seen DESC, id);
            CREATE INDEX threats_details ON threats (details_id);
            DROP INDEX IF EXISTS threats_last_seen;
            ALTER TABLE tickets ADD COLUMN threat_count bigint NOT NULL DEFAULT 0;
            UPDATE tickets SET threat_count = (SELECT COUNT(*) FROM ticket_threats o WHERE o.ticket_id = tickets.id AND o.removed_at IS NULL);
            CREATE TABLE submissions (
                batch_id bigint NOT NULL REFERENCES batches(id),
                user_id bigint NOT NULL REFERENCES users(id),
                submitted_at bigint NOT NULL,
                PRIMARY KEY (batch_id, user_id)
            );
            CREATE INDEX submissions_user ON submissions (user_id, batch_id);
            CREATE TABLE threat_daily (
                day bigint NOT NULL,
                kind text NOT NULL,
                province integer NOT NULL,
                operator text NOT NULL,
                threats bigint NOT NULL,
                PRIMARY KEY (day, kind, province, operator)
            );
            INSERT INTO threat_daily (day, kind, province, operator, threats)
                SELECT \(ThreatDay.sql("origin_seen_at")), kind, coalesce(province, 0), operator, count(*) FROM threats GROUP BY 1, 2, 3, 4;
            CREATE TABLE sessions (
                token_hash text PRIMARY KEY,
                user_id bigint NOT NULL REFERENCES users(id),
                csrf text NOT NULL,
                created_at bigint NOT NULL,
                expires_at bigint NOT NULL
            )
            """),
        ("v6-probes", """
            CREATE TABLE rechecks (
                id bigserial PRIMARY KEY,
                ticket_id bigint NOT NULL REFERENCES tickets(id),
                threat_id bigint NOT NULL,
                round integer NOT NULL,
                probe text NOT NULL,
                target text NOT NULL,
                attempts integer NOT NULL DEFAULT 0,
                due_at bigint NOT NULL,
                verdict text,
                fingerprint text,
                created_at bigint NOT NULL,
                completed_at bigint,
                UNIQUE (ticket_id, threat_id, round)
            );
            CREATE INDEX rechecks_due ON rechecks (due_at) WHERE verdict IS NULL;
            CREATE TABLE probe_evidence (
                id bigserial PRIMARY KEY,
                recheck_id bigint REFERENCES rechecks(id),
                threat_id bigint,
                watch_id bigint,
                probe text NOT NULL,
                target text NOT NULL,
                verdict text NOT NULL,
                positive integer NOT NULL,
                fingerprint text,
                sent_at bigint NOT NULL,
                evidence text NOT NULL
            );
            CREATE INDEX probe_evidence_recheck ON probe_evidence (recheck_id);
            CREATE INDEX probe_evidence_threat ON probe_evidence (threat_id, id);
            CREATE INDEX probe_evidence_watch ON probe_evidence (watch_id, id);
            CREATE TABLE watches (
                id bigserial PRIMARY KEY,
                name text NOT NULL UNIQUE,
                spec text NOT NULL,
                interval_seconds bigint NOT NULL,
                enabled bigint NOT NULL DEFAULT 1,
                created_by text NOT NULL,
                created_at bigint NOT NULL,
                last_run_at bigint
            );
            CREATE TABLE watch_checks (
                watch_id bigint NOT NULL REFERENCES watches(id),
                check_key text NOT NULL,
                verdict text NOT NULL,
                failures bigint NOT NULL,
                alerting bigint NOT NULL,
                detail text,
                checked_at bigint NOT NULL,
                PRIMARY KEY (watch_id, check_key)
            );
            CREATE TABLE watch_alerts (
                id bigserial PRIMARY KEY,
                watch_id bigint NOT NULL REFERENCES watches(id),
                check_key text NOT NULL,
                kind text NOT NULL,
                detail text NOT NULL,
                raised_at bigint NOT NULL
            );
            CREATE INDEX watch_alerts_watch ON watch_alerts (watch_id, id);
            CREATE TABLE alert_deliveries (
                id bigserial PRIMARY KEY,
                alert_id bigint NOT NULL REFERENCES watch_alerts(id),
                channel text NOT NULL,
                recipient text NOT NULL,
                state text NOT NULL CHECK (state IN ('pending', 'sent', 'failed')),
                attempts bigint NOT NULL DEFAULT 0,
                next_attempt_at bigint NOT NULL,
                last_error text,
                sent_at bigint,
                UNIQUE (alert_id, channel, recipient)
            );
            CREATE INDEX alert_deliveries_due ON alert_deliveries (state, next_attempt_at)
            """),
        ("v7-publish", """
            CREATE TABLE publication_entries (
                list text NOT NULL,
                entry text NOT NULL,
                threat_id bigint NOT NULL,
                kind text NOT NULL,
                listed_at bigint NOT NULL,
                PRIMARY KEY (list, entry)
            );
            CREATE TABLE publication_changes (
                id bigserial PRIMARY KEY,
                list text NOT NULL,
                entry text NOT NULL,
                change text NOT NULL CHECK (change IN ('listed', 'lifted')),
                threat_id bigint NOT NULL,
                kind text NOT NULL,
                reason text NOT NULL,
                serial bigint NOT NULL,
                at bigint NOT NULL
            );
            CREATE INDEX publication_changes_list ON publication_changes (list, id);
            CREATE TABLE publication_serials (
                list text PRIMARY KEY,
                serial bigint NOT NULL,
                entries bigint NOT NULL,
                changed_at bigint NOT NULL
            )
            """),
        ("v8-feed", """
            CREATE INDEX determinations_feed ON determinations (decision, decided_at, threat_id)
            """),
        ("v9-report", """
            CREATE TABLE source_daily (
                day bigint NOT NULL,
                source_id bigint NOT NULL,
                kind text NOT NULL,
                threats bigint NOT NULL,
                PRIMARY KEY (day, source_id, kind)
            );
            INSERT INTO source_daily (day, source_id, kind, threats)
                SELECT \(ThreatDay.sql("origin_seen_at")), origin_source, kind, count(*) FROM threats GROUP BY 1, 2, 3;
            CREATE TABLE disposal_daily (
                day bigint NOT NULL,
                organization text NOT NULL,
                kind text NOT NULL,
                province integer NOT NULL,
                operator text NOT NULL,
                disposed bigint NOT NULL,
                verified bigint NOT NULL,
                PRIMARY KEY (day, organization, kind, province, operator)
            );
            ALTER TABLE ticket_threats ADD COLUMN disposed_at bigint;
            \(ReportLedger.backfillDisposedAt.joined(separator: ";\n"));
            \(ReportLedger.rebuildDisposalDaily);
            CREATE INDEX tickets_issued ON tickets (issued_at)
            """),
    ]
}
#endif
