import { sql, type Kysely } from 'kysely';

/**
 * Reliability (issue 8): a delegate import remembers when its commit began, in its own statement before the
 * commit's transaction. If the process dies during the commit (kill -9, power cut) the transaction is rolled
 * back and nothing of the file is on the list; the preview then says that the last attempt did not finish and
 * that the import can be confirmed again.
 */
export async function up(db: Kysely<any>): Promise<void> {
	await run(db, `
alter table delegate_import add column commit_started_at timestamptz
`);
}

export async function down(db: Kysely<any>): Promise<void> {
	await run(db, `
alter table delegate_import drop column if exists commit_started_at
`);
}

/** PGlite and postgres.js prepare each query: one statement per call. No ';' inside bodies here. */
async function run(db: Kysely<any>, ddl: string): Promise<void> {
	for (const stmt of ddl.split(/;\s*\n/)) if (stmt.trim()) await sql.raw(stmt).execute(db);
}
