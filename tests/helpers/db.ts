/** A fresh, migrated database for one test file (see global-setup.ts). */
import fs from 'node:fs';
import { inject } from 'vitest';
import { openDatabase, type Database_ } from '../../src/lib/server/db';
import { adminUrl, dbUrl } from './env';

let counter = 0;

export async function testDatabase(): Promise<Database_ & { name: string; url: string | null }> {
	const kind = inject('dbKind');
	if (kind === 'pglite') {
		const dump = fs.readFileSync(inject('pgliteDump'));
		const d = await openDatabase({ loadDataDir: new Blob([dump]) });
		return Object.assign(d, { name: 'pglite', url: null });
	}
	const { default: postgres } = await import('postgres');
	const admin = postgres(adminUrl(), { max: 1, onnotice: () => {} });
	const name = `hn_t${++counter}_${process.pid}_${inject('runId')}`;
	await admin.unsafe(`create database "${name}" template "${inject('pgTemplate')}"`);
	await admin.end();
	const url = dbUrl(name);
	const d = await openDatabase({ url, max: 8 });
	const close = d.close.bind(d);
	return Object.assign(d, {
		name,
		url,
		async close() {
			await close();
			const a = postgres(adminUrl(), { max: 1, onnotice: () => {} });
			await a.unsafe(`drop database if exists "${name}" with (force)`);
			await a.end();
		}
	});
}

/** A second database for tests that need a blank one (e.g. restore targets). */
export function isPostgres(): boolean {
	return inject('dbKind') === 'postgres';
}
