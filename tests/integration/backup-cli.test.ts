/**
 * The real commands, as README tells an administrator to run them: `npm run backup -- <folder>` (and
 * `--out <folder>`), then `npm run restore -- <backup>` into a fresh database, on this run's database kind
 * (PGlite folder via DATA_DIR, or a PostgreSQL database via DATABASE_URL). The restored database has the event,
 * its delegates, its budget line and its award, and the uploaded files.
 * With the embedded database, both commands refuse, in Vietnamese, while a server holds the folder, and touch
 * nothing (no backup folder, the server's data folder not moved aside).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { openDatabase, type Database_ } from '../../src/lib/server/db';
import { migrateToLatest } from '../../src/lib/server/db/migrate';
import { testDatabase } from '../helpers/db';
import { newEventWorld } from '../helpers/factories';
import { startApp } from '../helpers/server';
import { addPeople, formId } from '../unit/awards/world';
import { createLine, createSource } from '../../src/lib/server/budget/service';
import { addAward, createDecision } from '../../src/lib/server/awards/service';

const root = process.cwd();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hn-backup-cli-'));
const opened: Database_[] = [];
afterAll(async () => {
	for (const d of opened) await d.close();
	fs.rmSync(tmp, { recursive: true, force: true });
});

const TITLE = 'Hội nghị tổng kết – sao lưu bằng lệnh';
const PEOPLE = ['Nguyễn Văn An', 'Trần Thị Bình', 'Lê Văn Cường'];
const LINE = 'Thuê hội trường và âm thanh';
const AWARDEE = 'Phạm Thị Dung';

interface Run {
	code: number | null;
	stdout: string;
	stderr: string;
}

/** `npm run <script> -- …args` in the project folder with the database named by `db` (and nothing else). */
function npmRun(script: 'backup' | 'restore', args: string[], db: { dataDir: string; url: string | null }): Promise<Run> {
	const env: Record<string, string | undefined> = { ...process.env, DATA_DIR: db.dataDir, FILES_DIR: undefined, DATABASE_URL: db.url ?? undefined };
	for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
	return new Promise((resolve, reject) => {
		const child = spawn('npm', ['run', script, '--', ...args], { cwd: root, env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (b) => (stdout += b));
		child.stderr.on('data', (b) => (stderr += b));
		child.on('error', reject);
		child.on('close', (code) => resolve({ code, stdout, stderr }));
	});
}

/** The folder the backup command says it wrote ("Đã sao lưu … vào thư mục:" and the path). */
function reportedDir(out: string): string {
	const m = /Đã sao lưu.*? vào(?: thư mục:)?\s+(\/\S+)/s.exec(out);
	expect(m, `the command says where the backup went:\n${out}`).not.toBeNull();
	return m![1];
}

/** Seeds an event with three delegates, a funding source with one budget line, and a decision with one award. */
async function seed(d: Database_) {
	const w = await newEventWorld(d.db, { title: TITLE });
	await addPeople(d.db, w.eventId, 1, PEOPLE.map((name) => ({ name, unit: 'Sở Nội vụ' })));
	const sourceId = await createSource(d.db, w.admin, w.eventId, {
		name: 'Kinh phí thi đua khen thưởng',
		fundType: 'emulation_fund',
		decisionNo: '12/QĐ-UBND',
		decisionDate: '2026-03-02',
		issuer: 'UBND tỉnh',
		amount: 50_000_000,
		notes: ''
	});
	await createLine(d.db, w.admin, w.eventId, {
		fundingSourceId: sourceId,
		category: 'hall',
		description: LINE,
		unit: 'hội nghị',
		quantity: 100, // hundredths: 1 hội nghị
		unitPrice: 12_500_000,
		normId: null,
		notes: '',
		derivedFrom: null,
		derivedParams: {},
		overReason: null
	});
	const decisionId = await createDecision(d.db, w.admin, w.eventId, { number: '512/QĐ-UBND', decisionDate: '2026-04-10', formId: await formId(d.db, 'bk_tinh') });
	await addAward(d.db, w.admin, w.eventId, decisionId, { kind: 'individual', name: AWARDEE, salutation: 'Bà', householdHead: null, position: 'Chuyên viên', unit: 'Sở Nội vụ', achievement: '', notes: '' });
	return w;
}

describe('npm run backup / npm run restore', () => {
	it('backs up to a folder given positionally or with --out, and restores the event with its delegates, budget and awards', async () => {
		const pg = inject('dbKind') === 'postgres';
		const src = { dataDir: path.join(tmp, 'src'), url: null as string | null };
		const filesDir = path.join(src.dataDir, 'files');
		fs.mkdirSync(path.join(filesDir, 'ab'), { recursive: true });
		fs.writeFileSync(path.join(filesDir, 'ab', 'bien-ban.pdf'), '%PDF-1.7 biên bản');
		let world: Awaited<ReturnType<typeof seed>>;
		if (pg) {
			const d = await testDatabase();
			opened.push(d);
			src.url = d.url;
			world = await seed(d);
		} else {
			const dump = fs.readFileSync(inject('pgliteDump'));
			const d = await openDatabase({ dataDir: path.join(src.dataDir, 'pglite'), loadDataDir: new Blob([dump]) });
			try {
				world = await seed(d);
			} finally {
				await d.close();
			}
		}

		// README: `npm run backup [-- folder]`.
		const positional = path.join(tmp, 'sao-luu');
		const r1 = await npmRun('backup', [positional], src);
		expect(r1.code, r1.stderr + r1.stdout).toBe(0);
		const dir = reportedDir(r1.stdout);
		expect(path.dirname(dir)).toBe(positional);
		const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
		expect(manifest.database).toBe(pg ? 'postgres' : 'pglite');
		expect(manifest.counts).toMatchObject({ event: 1, delegate: PEOPLE.length });
		expect(manifest.filesArchive).toBe('files.tar.gz');
		expect(fs.existsSync(path.join(dir, manifest.databaseFile))).toBe(true);

		// The flag form still works.
		const flagged = path.join(tmp, 'sao-luu-out');
		const r2 = await npmRun('backup', ['--out', flagged], src);
		expect(r2.code, r2.stderr + r2.stdout).toBe(0);
		expect(path.dirname(reportedDir(r2.stdout))).toBe(flagged);
		expect(fs.readdirSync(flagged)).toHaveLength(1);

		// A fresh target: an empty data folder (PGlite) or another migrated, empty database (PostgreSQL).
		const dst = { dataDir: path.join(tmp, 'dst'), url: null as string | null };
		if (pg) {
			const d = await testDatabase();
			opened.push(d);
			dst.url = d.url;
		}
		const r3 = await npmRun('restore', [dir], dst);
		expect(r3.code, r3.stderr + r3.stdout).toBe(0);
		expect(r3.stdout).toContain('Đã phục hồi bản sao lưu');

		expect(fs.readFileSync(path.join(dst.dataDir, 'files', 'ab', 'bien-ban.pdf'), 'utf8')).toBe('%PDF-1.7 biên bản');
		const after = await openDatabase({ url: dst.url, dataDir: dst.url ? null : path.join(dst.dataDir, 'pglite') });
		try {
			const ev = await after.db.selectFrom('event').select(['id', 'title']).execute();
			expect(ev).toEqual([{ id: world.eventId, title: TITLE }]);
			const delegates = await after.db.selectFrom('delegate').select('full_name').where('event_id', '=', world.eventId).orderBy('full_name').execute();
			expect(delegates.map((r) => r.full_name)).toEqual([...PEOPLE].sort((a, b) => a.localeCompare(b)));
			const lines = await after.db.selectFrom('budget_line').select(['description', 'amount']).where('event_id', '=', world.eventId).execute();
			expect(lines).toEqual([{ description: LINE, amount: 12_500_000 }]);
			const awards = await after.db.selectFrom('award').select(['name', 'unit']).where('event_id', '=', world.eventId).execute();
			expect(awards).toEqual([{ name: AWARDEE, unit: 'Sở Nội vụ' }]);
		} finally {
			await after.close();
		}
	}, 120_000);

	it('refuses, in Vietnamese, to back up or restore the embedded database while a server runs on it', async () => {
		// A real server on its own embedded database (whatever this run's kind: the lock is PGlite's).
		// Its folder is prepared here (the run's migrated dump, or migrated now on a PostgreSQL run) so that the
		// server's start stays within startApp's wait.
		const dataDir = path.join(tmp, 'running');
		const dumpFile = inject('pgliteDump');
		const prepared = await openDatabase({ dataDir: path.join(dataDir, 'pglite'), ...(dumpFile ? { loadDataDir: new Blob([fs.readFileSync(dumpFile)]) } : {}) });
		try {
			if (!dumpFile) await migrateToLatest(prepared.db);
		} finally {
			await prepared.close();
		}
		const app = await startApp({ shared: { url: null, dataDir } });
		try {
			const out = path.join(tmp, 'khong-duoc-tao');
			const r = await npmRun('backup', [out], { dataDir, url: null });
			expect(r.code).not.toBe(0);
			expect(r.stderr).toMatch(/Không sao lưu được: cơ sở dữ liệu nhúng ở ".*pglite" đang được tiến trình \d+ sử dụng/);
			expect(r.stderr).toMatch(/Hãy dừng máy chủ rồi chạy lại `npm run backup`/);
			expect(r.stdout).not.toContain('Đã sao lưu');
			expect(fs.existsSync(out) ? fs.readdirSync(out) : []).toEqual([]);

			// Restore would move the server's folder aside under it: refused before anything moves.
			const fake = path.join(tmp, 'ban-sao-luu-nhung');
			fs.mkdirSync(fake, { recursive: true });
			fs.writeFileSync(
				path.join(fake, 'manifest.json'),
				JSON.stringify({ format: 'hoi-nghi-backup/1', createdAt: new Date().toISOString(), database: 'pglite', databaseFile: 'database.tar.gz', filesArchive: null, migrations: [], counts: {} })
			);
			const rr = await npmRun('restore', [fake], { dataDir, url: null });
			expect(rr.code).not.toBe(0);
			expect(rr.stderr).toMatch(/Không phục hồi được: cơ sở dữ liệu nhúng ở ".*pglite" đang được tiến trình \d+ sử dụng/);
			expect(fs.readdirSync(dataDir).filter((f) => f.includes('before-restore'))).toEqual([]);
			expect((await fetch(app.url + '/login', { redirect: 'manual' })).status).toBeLessThan(500);
		} finally {
			await app.stop();
		}
	}, 120_000);
});
