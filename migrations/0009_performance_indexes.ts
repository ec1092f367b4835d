import { sql, type Kysely } from 'kysely';

/**
 * Indexes found by the growth benchmark (npm run bench -- growth: 150, 1 500 and 15 000 delegates in one
 * event), each for a lookup that read a whole event (or the whole table) for one row:
 * - delegate_rotated_idx: a scanned QR that matches no current link is tried against the event's revoked
 *   links (reissued, substituted, cancelled); those delegates are found without reading the whole list.
 * - audit_log_entity_idx: one delegate's history (their invitation page) without reading the event's whole
 *   log (every check-in, reply and mail writes a row).
 * - audit_log_award_rules_idx: the prize rules' history, which otherwise walks the whole log (every event's)
 *   backwards to find its few rows.
 */
export async function up(db: Kysely<any>): Promise<void> {
	await run(db, `
create index delegate_rotated_idx on delegate (event_id) where token_version > 1;
create index audit_log_entity_idx on audit_log (entity_type, entity_id, id);
create index audit_log_award_rules_idx on audit_log (id) where action like 'award.rules.%'
`);
}

export async function down(db: Kysely<any>): Promise<void> {
	await run(db, `
drop index if exists audit_log_award_rules_idx;
drop index if exists audit_log_entity_idx;
drop index if exists delegate_rotated_idx
`);
}

/** PGlite and postgres.js prepare each query: one statement per call. No ';' inside bodies here. */
async function run(db: Kysely<any>, ddl: string): Promise<void> {
	for (const stmt of ddl.split(/;\s*\n/)) if (stmt.trim()) await sql.raw(stmt).execute(db);
}
