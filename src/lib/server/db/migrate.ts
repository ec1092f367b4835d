/**
 * Applies the numbered migrations in migrations/ (one set for PGlite and PostgreSQL).
 * They are bundled with import.meta.glob, so the built server, vitest and the CLI all carry the same files.
 */
import { Migrator, type Kysely, type Migration, type MigrationResultSet } from 'kysely';

const modules = import.meta.glob<Migration>('/migrations/[0-9][0-9][0-9][0-9]_*.ts', { eager: true });

export function migrationNames(): string[] {
	return Object.keys(modules)
		.map((p) => p.split('/').pop()!.replace(/\.ts$/, ''))
		.sort();
}

function migrator(db: Kysely<any>): Migrator {
	return new Migrator({
		db,
		provider: {
			async getMigrations() {
				const out: Record<string, Migration> = {};
				for (const [p, m] of Object.entries(modules)) out[p.split('/').pop()!.replace(/\.ts$/, '')] = m;
				return out;
			}
		}
	});
}

export async function migrateToLatest(db: Kysely<any>): Promise<MigrationResultSet> {
	const res = await migrator(db).migrateToLatest();
	if (res.error) {
		const failed = res.results?.find((r) => r.status === 'Error');
		const err = new Error(
			`Không áp dụng được migration ${failed?.migrationName ?? ''}: ${(res.error as Error).message ?? res.error}`
		);
		(err as Error & { cause?: unknown }).cause = res.error;
		throw err;
	}
	return res;
}

export async function migrateDown(db: Kysely<any>): Promise<MigrationResultSet> {
	return migrator(db).migrateDown();
}
