/**
 * Backup and restore of the whole installation: the database and the uploaded files.
 * - PostgreSQL: pg_dump (custom format) / pg_restore --clean, run against DATABASE_URL (the server may run).
 * - Embedded PGlite: PGlite's own dump of its data folder (a tar.gz). The server must be stopped: PGlite is one
 *   process per folder (db/index.ts acquireDirLock), so backup and restore refuse, saying so, while a server
 *   holds the folder. Restore keeps the previous folder aside instead of deleting it.
 * A backup is a folder backups/<timestamp>/ with database.dump or database.tar.gz, files.tar.gz when there
 * are files, and manifest.json.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { acquireDirLock, openDatabase, type Database_ } from '$lib/server/db';
import { migrationNames } from '$lib/server/db/migrate';

const run = promisify(execFile);

export interface BackupTarget {
	databaseUrl: string | null;
	dataDir: string;
	filesDir: string;
}

export interface Manifest {
	format: 'hoi-nghi-backup/1';
	createdAt: string;
	database: 'postgres' | 'pglite';
	databaseFile: string;
	filesArchive: string | null;
	migrations: string[];
	counts: Record<string, number>;
}

function stamp(d = new Date()): string {
	return d.toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-');
}

async function countRows(d: Database_): Promise<Record<string, number>> {
	const out: Record<string, number> = {};
	for (const t of ['organisation', 'app_user', 'event', 'delegate'] as const) {
		const r = await d.db.selectFrom(t).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
		out[t] = Number(r.n);
	}
	return out;
}

async function counts(url: string | null, dataDir: string): Promise<Record<string, number>> {
	const d = await openDatabase({ url, dataDir: url ? null : path.join(dataDir, 'pglite') });
	try {
		return await countRows(d);
	} finally {
		await d.close();
	}
}

/** The live process named in the folder's lock file (db/index.ts acquireDirLock writes its pid there), if another. */
function lockOwner(pgdir: string): number | null {
	let pid: number;
	try {
		pid = Number(fs.readFileSync(`${path.resolve(pgdir)}.lock`, 'utf8').trim());
	} catch {
		return null;
	}
	if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return null;
	try {
		process.kill(pid, 0);
		return pid;
	} catch (e) {
		return (e as NodeJS.ErrnoException).code === 'EPERM' ? pid : null;
	}
}

/** What to say when the embedded database's folder is held by another process (a running server). */
function inUseError(pgdir: string, owner: number, what: 'sao lưu' | 'phục hồi', cause: unknown): Error {
	const cmd = what === 'sao lưu' ? 'npm run backup' : 'npm run restore';
	return new Error(
		`Không ${what} được: cơ sở dữ liệu nhúng ở "${pgdir}" đang được tiến trình ${owner} sử dụng (máy chủ Hội Nghị đang chạy?). ` +
			`Hãy dừng máy chủ rồi chạy lại \`${cmd}\`: cơ sở dữ liệu nhúng (PGlite) chỉ cho một tiến trình mở thư mục dữ liệu, ` +
			`nên chỉ ${what} được khi máy chủ đã dừng.` +
			(what === 'sao lưu' ? ' (Với PostgreSQL — DATABASE_URL — sao lưu được cả khi máy chủ đang chạy.)' : ''),
		{ cause }
	);
}

/** Opens the embedded database of `dataDir` for backup, holding its folder lock until closed. */
async function openEmbeddedForBackup(dataDir: string): Promise<Database_> {
	const pgdir = path.join(dataDir, 'pglite');
	if (!fs.existsSync(pgdir)) {
		throw new Error(
			`Không sao lưu được: không có cơ sở dữ liệu nhúng ở "${pgdir}". Kiểm tra DATA_DIR (hoặc đặt DATABASE_URL nếu dữ liệu nằm trên PostgreSQL).`
		);
	}
	try {
		return await openDatabase({ dataDir: pgdir });
	} catch (e) {
		const owner = lockOwner(pgdir);
		if (owner) throw inUseError(pgdir, owner, 'sao lưu', e);
		throw e;
	}
}

export async function backup(target: BackupTarget, outRoot: string): Promise<{ dir: string; manifest: Manifest }> {
	// The embedded database is opened first and stays open (its folder locked) until the dump and the files are
	// written: a server started meanwhile is refused instead of writing under the backup. Nothing is created in
	// outRoot when the database cannot be opened (a running server holds the folder).
	const embedded = target.databaseUrl ? null : await openEmbeddedForBackup(target.dataDir);
	const dir = path.join(outRoot, stamp());
	let created = false;
	try {
		const c = embedded ? await countRows(embedded) : await counts(target.databaseUrl, target.dataDir);
		fs.mkdirSync(dir, { recursive: true });
		created = true;
		let databaseFile: string;
		if (target.databaseUrl) {
			databaseFile = 'database.dump';
			try {
				await run('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', '--file', path.join(dir, databaseFile), target.databaseUrl], { maxBuffer: 64 * 1024 * 1024 });
			} catch (e) {
				throw new Error(`pg_dump thất bại (cần pg_dump cùng phiên bản với máy chủ): ${(e as Error).message}`);
			}
		} else {
			databaseFile = 'database.tar.gz';
			const blob = await embedded!.pglite!.dumpDataDir('gzip');
			fs.writeFileSync(path.join(dir, databaseFile), Buffer.from(await blob.arrayBuffer()));
		}
		let filesArchive: string | null = null;
		if (fs.existsSync(target.filesDir) && fs.readdirSync(target.filesDir).length) {
			filesArchive = 'files.tar.gz';
			await run('tar', ['-czf', path.join(dir, filesArchive), '-C', target.filesDir, '.']);
		}
		const manifest: Manifest = {
			format: 'hoi-nghi-backup/1',
			createdAt: new Date().toISOString(),
			database: target.databaseUrl ? 'postgres' : 'pglite',
			databaseFile,
			filesArchive,
			migrations: migrationNames(),
			counts: c
		};
		fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
		return { dir, manifest };
	} catch (e) {
		// No half-written backup left looking like a good one.
		if (created) fs.rmSync(dir, { recursive: true, force: true });
		throw e;
	} finally {
		await embedded?.close();
	}
}

export async function restore(target: BackupTarget, dir: string): Promise<Manifest> {
	const mfile = path.join(dir, 'manifest.json');
	if (!fs.existsSync(mfile)) throw new Error(`Không thấy manifest.json trong ${dir}: đây không phải thư mục sao lưu của Hội Nghị`);
	const manifest = JSON.parse(fs.readFileSync(mfile, 'utf8')) as Manifest;
	if (manifest.format !== 'hoi-nghi-backup/1') throw new Error('Định dạng bản sao lưu không được hỗ trợ');
	const wantPg = !!target.databaseUrl;
	if ((manifest.database === 'postgres') !== wantPg) {
		throw new Error(
			manifest.database === 'postgres'
				? 'Bản sao lưu này từ PostgreSQL: hãy đặt DATABASE_URL tới máy chủ cần phục hồi'
				: 'Bản sao lưu này từ cơ sở dữ liệu nhúng: hãy bỏ DATABASE_URL để phục hồi vào thư mục dữ liệu'
		);
	}
	const dbFile = path.join(dir, manifest.databaseFile);
	if (wantPg) {
		try {
			await run('pg_restore', ['--clean', '--if-exists', '--no-owner', '--no-privileges', '--single-transaction', '--dbname', target.databaseUrl!, dbFile], { maxBuffer: 64 * 1024 * 1024 });
		} catch (e) {
			throw new Error(`pg_restore thất bại: ${(e as Error).message}`);
		}
	} else {
		const pgdir = path.join(target.dataDir, 'pglite');
		fs.mkdirSync(target.dataDir, { recursive: true });
		let release: () => void;
		try {
			release = acquireDirLock(pgdir); // refuses while a server holds the folder
		} catch (e) {
			const owner = lockOwner(pgdir);
			if (owner) throw inUseError(pgdir, owner, 'phục hồi', e);
			throw e;
		}
		try {
			if (fs.existsSync(pgdir)) fs.renameSync(pgdir, `${pgdir}.before-restore-${stamp()}`);
		} finally {
			release();
		}
		const blob = new Blob([fs.readFileSync(dbFile)]);
		const d = await openDatabase({ dataDir: pgdir, loadDataDir: blob });
		await d.close();
	}
	if (manifest.filesArchive) {
		if (fs.existsSync(target.filesDir) && fs.readdirSync(target.filesDir).length) {
			fs.renameSync(target.filesDir, `${target.filesDir}.before-restore-${stamp()}`);
		}
		fs.mkdirSync(target.filesDir, { recursive: true });
		await run('tar', ['-xzf', path.join(dir, manifest.filesArchive), '-C', target.filesDir]);
	}
	const after = await counts(target.databaseUrl, target.dataDir);
	for (const [k, v] of Object.entries(manifest.counts)) {
		if (after[k] !== v) throw new Error(`Phục hồi không khớp: bảng ${k} có ${after[k]} dòng, bản sao lưu có ${v}`);
	}
	return manifest;
}
