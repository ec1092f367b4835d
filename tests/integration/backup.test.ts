/**
 * npm run backup / restore: a backup restored into a fresh database has every event intact
 * (PGlite: dumpDataDir; PostgreSQL: pg_dump / pg_restore), with uploaded files.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { openDatabase, type Database_ } from '../../src/lib/server/db';
import { backup, restore } from '../../src/lib/server/backup';
import { testDatabase } from '../helpers/db';
import { newEventWorld } from '../helpers/factories';
import { listEvents, getEvent } from '../../src/lib/server/events/service';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hn-backup-test-'));
const opened: Database_[] = [];
afterAll(async () => {
	for (const d of opened) await d.close();
	fs.rmSync(tmp, { recursive: true, force: true });
});

describe('backup and restore', () => {
	it('restores every event, its tiers and the files into a fresh database', async () => {
		const pg = inject('dbKind') === 'postgres';
		const srcDataDir = path.join(tmp, 'src');
		const filesDir = path.join(tmp, 'src-files');
		fs.mkdirSync(path.join(filesDir, 'ab'), { recursive: true });
		fs.writeFileSync(path.join(filesDir, 'ab', 'tham-luan.pdf'), '%PDF-1.7 test');
		let srcUrl: string | null = null;
		let world: Awaited<ReturnType<typeof newEventWorld>>;
		if (pg) {
			const src = await testDatabase();
			opened.push(src);
			srcUrl = src.url;
			world = await newEventWorld(src.db, { title: 'Hội nghị tổng kết – sao lưu' });
		} else {
			const dump = fs.readFileSync(inject('pgliteDump'));
			const src = await openDatabase({ dataDir: path.join(srcDataDir, 'pglite'), loadDataDir: new Blob([dump]) });
			world = await newEventWorld(src.db, { title: 'Hội nghị tổng kết – sao lưu' });
			await src.close();
		}
		const { dir, manifest } = await backup({ databaseUrl: srcUrl, dataDir: srcDataDir, filesDir }, path.join(tmp, 'backups'));
		expect(manifest.counts.event).toBe(1);
		expect(manifest.filesArchive).toBe('files.tar.gz');

		// A fresh target: an empty database (PostgreSQL) or an empty folder (PGlite).
		let dstUrl: string | null = null;
		const dstDataDir = path.join(tmp, 'dst');
		if (pg) {
			const dst = await testDatabase();
			opened.push(dst);
			dstUrl = dst.url;
		}
		const dstFiles = path.join(tmp, 'dst-files');
		await restore({ databaseUrl: dstUrl, dataDir: dstDataDir, filesDir: dstFiles }, dir);
		expect(fs.readFileSync(path.join(dstFiles, 'ab', 'tham-luan.pdf'), 'utf8')).toBe('%PDF-1.7 test');
		const after = await openDatabase({ url: dstUrl, dataDir: dstUrl ? null : path.join(dstDataDir, 'pglite') });
		try {
			const events = await listEvents(after.db, world.admin);
			expect(events.map((e) => e.title)).toEqual(['Hội nghị tổng kết – sao lưu']);
			const { tiers } = await getEvent(after.db, world.admin, world.eventId);
			expect(tiers.map((t) => t.name)).toEqual(world.tiers.map((t) => t.name));
			const audit = await after.db.selectFrom('audit_log').select('action').where('event_id', '=', world.eventId).execute();
			expect(audit.map((a) => a.action)).toContain('event.created');
		} finally {
			await after.close();
		}
	});

	it('refuses a folder that is not a backup, in Vietnamese', async () => {
		await expect(restore({ databaseUrl: null, dataDir: path.join(tmp, 'x'), filesDir: path.join(tmp, 'y') }, tmp)).rejects.toThrow(/không phải thư mục sao lưu/);
	});
});
