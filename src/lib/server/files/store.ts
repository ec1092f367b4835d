/**
 * File storage behind one small interface. The default implementation keeps files in a folder
 * (config().filesDir: FILES_DIR, or DATA_DIR/files), named by the SHA-256 of their content:
 *
 *   <dir>/sha256/ab/cd/abcd…(64 hex)   the files
 *   <dir>/tmp/                          files being written
 *
 * A write goes to a temporary file in the same folder tree (same file system), is fsync'd, then renamed
 * into place (atomic: a reader sees the whole file or none) and the directory is fsync'd. A file that is
 * already there (same content) is not written again. The caller records the file in the database
 * (registerStoredFile) in its own transaction, AFTER put() returned: a failed transaction leaves at most an
 * orphan file, which cleanupOrphanFiles removes; it never leaves a row pointing to a missing file.
 *
 * A full disk (ENOSPC, EDQUOT) becomes a DomainError with a Vietnamese message, and the temporary file is
 * removed: nothing half-written stays behind.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { config } from '$lib/server/config';
import type { Executor } from '$lib/server/db';
import { DomainError } from '$lib/server/errors';

export interface PutResult {
	sha256: string;
	size: number;
	/** False when the same content was already stored. */
	created: boolean;
}

export interface StoredEntry {
	sha256: string;
	size: number;
	mtime: Date;
}

export interface FileStore {
	/** Where the files live (for logs and the settings page). */
	readonly location: string;
	/** Stores bytes (atomically, durably); returns their SHA-256. */
	put(bytes: Uint8Array): Promise<PutResult>;
	/** The whole content; throws DomainError 'file_missing' (404) when absent. */
	read(sha256: string): Promise<Buffer>;
	/** A stream of the content, for downloads; throws 'file_missing' when absent. */
	stream(sha256: string): Promise<{ stream: ReadableStream<Uint8Array>; size: number }>;
	has(sha256: string): Promise<boolean>;
	delete(sha256: string): Promise<void>;
	/** Every stored file (for the orphan cleanup). */
	list(): AsyncIterable<StoredEntry>;
	/** Removes temporary files older than the given age (left by a crash mid-write). */
	removeStaleTemp(olderThanMs: number): Promise<number>;
}

export const SHA256_RE = /^[0-9a-f]{64}$/;

export function sha256Hex(bytes: Uint8Array): string {
	return createHash('sha256').update(bytes).digest('hex');
}

export function storageFull(): DomainError {
	return new DomainError(
		'storage_full',
		'Máy chủ đã hết chỗ lưu trữ nên chưa lưu được tệp. Tệp chưa được nhận và bản cũ vẫn giữ nguyên; vui lòng báo ban tổ chức và thử lại sau.',
		{ status: 507 }
	);
}

export function fileMissing(): DomainError {
	return new DomainError('file_missing', 'Không tìm thấy tệp trên máy chủ lưu trữ', { status: 404 });
}

function isDiskFull(e: unknown): boolean {
	const code = (e as { code?: string })?.code;
	return code === 'ENOSPC' || code === 'EDQUOT';
}

/**
 * The file-system operations the store uses: the real ones by default; tests substitute a write that
 * fails with ENOSPC halfway to check that nothing half-written stays behind.
 */
export interface FsOps {
	writeFile(handle: fsp.FileHandle, bytes: Uint8Array): Promise<void>;
}

const realOps: FsOps = {
	async writeFile(handle, bytes) {
		let off = 0;
		while (off < bytes.length) {
			const { bytesWritten } = await handle.write(bytes, off, bytes.length - off);
			off += bytesWritten;
		}
	}
};

export function createLocalFileStore(dir: string, ops: FsOps = realOps): FileStore {
	const root = path.resolve(dir);
	const filesRoot = path.join(root, 'sha256');
	const tmpRoot = path.join(root, 'tmp');

	function pathOf(sha256: string): string {
		// The name comes from a digest we computed or a database column; still, never build a path from
		// anything else.
		if (!SHA256_RE.test(sha256)) throw fileMissing();
		return path.join(filesRoot, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
	}

	async function fsyncDir(d: string): Promise<void> {
		let h: fsp.FileHandle | null = null;
		try {
			h = await fsp.open(d, 'r');
			await h.sync();
		} catch {
			/* some file systems refuse fsync on directories; the rename itself is still atomic */
		} finally {
			await h?.close().catch(() => {});
		}
	}

	return {
		location: root,

		async put(bytes) {
			const sha256 = sha256Hex(bytes);
			const final = pathOf(sha256);
			try {
				const st = await fsp.stat(final);
				if (st.size === bytes.length) return { sha256, size: bytes.length, created: false };
				// A file of the wrong size under a content name cannot come from put(): replace it.
			} catch {
				/* not there yet */
			}
			let tmp: string | null = null;
			let handle: fsp.FileHandle | null = null;
			try {
				await fsp.mkdir(tmpRoot, { recursive: true });
				await fsp.mkdir(path.dirname(final), { recursive: true });
				tmp = path.join(tmpRoot, `${sha256.slice(0, 16)}-${randomBytes(6).toString('hex')}.part`);
				handle = await fsp.open(tmp, 'wx', 0o640);
				await ops.writeFile(handle, bytes);
				await handle.sync();
				await handle.close();
				handle = null;
				await fsp.rename(tmp, final);
				tmp = null;
				await fsyncDir(path.dirname(final));
				return { sha256, size: bytes.length, created: true };
			} catch (e) {
				await handle?.close().catch(() => {});
				if (tmp) await fsp.rm(tmp, { force: true }).catch(() => {});
				if (isDiskFull(e)) throw storageFull();
				throw e;
			}
		},

		async read(sha256) {
			try {
				return await fsp.readFile(pathOf(sha256));
			} catch (e) {
				if ((e as { code?: string }).code === 'ENOENT') throw fileMissing();
				throw e;
			}
		},

		async stream(sha256) {
			const p = pathOf(sha256);
			let size: number;
			try {
				size = (await fsp.stat(p)).size;
			} catch {
				throw fileMissing();
			}
			const node = fs.createReadStream(p);
			return { stream: Readable.toWeb(node) as unknown as ReadableStream<Uint8Array>, size };
		},

		async has(sha256) {
			try {
				await fsp.access(pathOf(sha256));
				return true;
			} catch {
				return false;
			}
		},

		async delete(sha256) {
			await fsp.rm(pathOf(sha256), { force: true });
		},

		async *list() {
			let level1: string[];
			try {
				level1 = await fsp.readdir(filesRoot);
			} catch {
				return;
			}
			for (const a of level1) {
				for (const b of await fsp.readdir(path.join(filesRoot, a)).catch(() => [] as string[])) {
					const d = path.join(filesRoot, a, b);
					for (const name of await fsp.readdir(d).catch(() => [] as string[])) {
						if (!SHA256_RE.test(name)) continue;
						const st = await fsp.stat(path.join(d, name)).catch(() => null);
						if (st?.isFile()) yield { sha256: name, size: st.size, mtime: st.mtime };
					}
				}
			}
		},

		async removeStaleTemp(olderThanMs) {
			let n = 0;
			const now = Date.now();
			for (const name of await fsp.readdir(tmpRoot).catch(() => [] as string[])) {
				const p = path.join(tmpRoot, name);
				const st = await fsp.stat(p).catch(() => null);
				if (st && now - st.mtimeMs >= olderThanMs) {
					await fsp.rm(p, { force: true });
					n++;
				}
			}
			return n;
		}
	};
}

// The store of the running process, for its configured folder. Not per-user state: one folder per process.
let defaultStore: { dir: string; store: FileStore } | null = null;

/** The file store for config().filesDir. */
export function fileStore(): FileStore {
	const dir = config().filesDir;
	if (!defaultStore || defaultStore.dir !== dir) defaultStore = { dir, store: createLocalFileStore(dir) };
	return defaultStore.store;
}

/**
 * Records a stored file in the caller's transaction (after put() returned). Idempotent: the same content
 * stored twice is one row.
 */
export async function registerStoredFile(
	db: Executor,
	f: { sha256: string; size: number; contentType: string }
): Promise<void> {
	await db
		.insertInto('stored_file')
		.values({ sha256: f.sha256, size: f.size, content_type: f.contentType })
		.onConflict((oc) => oc.column('sha256').doNothing())
		.execute();
}

export interface CleanupResult {
	removedFiles: number;
	removedTemp: number;
	kept: number;
}

/**
 * Removes files that no stored_file row names (left by a transaction that failed after the file was
 * written) once they are older than `olderThanMs` — younger ones may belong to a transaction still open —
 * and stale temporary files.
 */
export async function cleanupOrphanFiles(
	db: Executor,
	store: FileStore = fileStore(),
	olderThanMs = 60 * 60 * 1000
): Promise<CleanupResult> {
	const now = Date.now();
	const candidates: string[] = [];
	let kept = 0;
	for await (const f of store.list()) {
		if (now - f.mtime.getTime() >= olderThanMs) candidates.push(f.sha256);
		else kept++;
	}
	let removedFiles = 0;
	for (let i = 0; i < candidates.length; i += 500) {
		const chunk = candidates.slice(i, i + 500);
		const known = new Set(
			(await db.selectFrom('stored_file').select('sha256').where('sha256', 'in', chunk).execute()).map(
				(r) => r.sha256
			)
		);
		for (const sha of chunk) {
			if (known.has(sha)) {
				kept++;
				continue;
			}
			await store.delete(sha);
			removedFiles++;
		}
	}
	const removedTemp = await store.removeStaleTemp(olderThanMs);
	return { removedFiles, removedTemp, kept };
}
