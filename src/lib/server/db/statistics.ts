/**
 * The query planner's statistics. PostgreSQL keeps them fresh by itself (autovacuum analyses a table once
 * about a tenth of it changed). Embedded PGlite runs no autovacuum: without this its tables are never
 * analysed, the planner assumes every `event_id = …` matches 0.5 % of a table, and joins such as
 * delegate × check_in become nested loops over the whole event: the live counts took 0.2 s at 1 500
 * delegates and grew with the square of the list (npm run bench -- growth).
 *
 * - keepStatistics (PGlite only, started by boot): a few seconds after start, then every minute, analyses the
 *   tables that were never analysed or grew by more than a tenth since (judged by their size on disk, which
 *   is cheap; PGlite's activity counters are not flushed).
 * - analyzeTables: after a bulk write (an import of thousands of rows), so the next page is planned with the
 *   new figures at once, on either database.
 */
import { sql } from 'kysely';
import type { Database_, Executor } from './index';

/** Growth (in 8 kB pages) that makes a table worth analysing again: 10 % and at least 8 pages. */
function stale(relpages: number, pages: number, reltuples: number): boolean {
	if (pages === 0) return false;
	if (reltuples < 0) return true;
	return pages > relpages * 1.1 + 8;
}

/** Analyses the public tables whose statistics are missing or stale; returns their names. */
export async function analyzeStale(db: Executor): Promise<string[]> {
	const r = await sql<{ relname: string; relpages: number; reltuples: number; pages: string | number }>`
		select c.relname, c.relpages, c.reltuples, pg_relation_size(c.oid) / current_setting('block_size')::int as pages
		from pg_class c join pg_namespace n on n.oid = c.relnamespace
		where n.nspname = 'public' and c.relkind = 'r'`.execute(db);
	const tables = r.rows.filter((t) => stale(Number(t.relpages), Number(t.pages), Number(t.reltuples))).map((t) => t.relname);
	await analyzeTables(db, tables);
	return tables;
}

/** ANALYZE of the named tables (names from the catalog or the code, quoted). */
export async function analyzeTables(db: Executor, tables: string[]): Promise<void> {
	for (const t of tables) await sql`analyze ${sql.id(t)}`.execute(db);
}

/** Keeps the statistics of an embedded database; returns the stop function. PostgreSQL: nothing to do. */
export function keepStatistics(d: Database_, everyMs = 60_000): () => Promise<void> {
	if (d.kind !== 'pglite') return async () => {};
	let stopped = false;
	let running: Promise<unknown> | null = null;
	const tick = () => {
		if (stopped || running) return;
		running = analyzeStale(d.db)
			.catch((e) => console.error('[hoi-nghi] Cập nhật thống kê cơ sở dữ liệu thất bại:', e))
			.finally(() => (running = null));
	};
	const first = setTimeout(tick, 5_000);
	const timer = setInterval(tick, everyMs);
	first.unref?.();
	timer.unref?.();
	return async () => {
		stopped = true;
		clearTimeout(first);
		clearInterval(timer);
		await running;
	};
}
