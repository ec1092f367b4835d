/**
 * The database: Kysely over PostgreSQL. With DATABASE_URL, postgres.js (a pool; several app instances may
 * share the server). Without it, embedded PGlite in a folder under data/ (one process only: guarded by a
 * lock file, because two processes on one PGlite folder silently lose writes — STACK.md P9).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Kysely, sql, type Transaction } from 'kysely';
import type { Database } from './schema';

export type DB = Kysely<Database>;
export type Tx = Transaction<Database>;
/** Anything queries can run on: the database or an open transaction. */
export type Executor = Kysely<Database>;

export interface OpenOptions {
	/** postgres:// URL; when absent PGlite is used. */
	url?: string | null;
	/** PGlite data folder; when absent (and no url) an in-memory PGlite. */
	dataDir?: string | null;
	/** A PGlite data dump (from dumpDataDir) to start from: saves initdb and migrations in tests. */
	loadDataDir?: Blob | File;
	/** postgres.js pool size. */
	max?: number;
}

export interface Database_ {
	db: DB;
	kind: 'pglite' | 'postgres';
	/**
	 * Subscribe to a PostgreSQL NOTIFY channel. Returns an unsubscribe function. `onResubscribed` runs each time
	 * the LISTEN is taken up again after its connection was lost (PostgreSQL only): notifications sent meanwhile
	 * were not heard, so a subscriber reloads what it shows.
	 */
	listen(channel: string, handler: (payload: string) => void, onResubscribed?: () => void): Promise<() => Promise<void>>;
	/** The PGlite instance (for dumps), when embedded. */
	pglite?: import('@electric-sql/pglite').PGlite;
	close(): Promise<void>;
}

/** Parses int8 (COUNT, bigint money) to a JS number, refusing values beyond 2^53 rather than rounding. */
export function parseInt8(value: string): number {
	const n = Number(value);
	if (!Number.isSafeInteger(n)) throw new Error(`Giá trị số nguyên vượt quá giới hạn an toàn: ${value}`);
	return n;
}

const OID_INT8 = 20;
const OID_DATE = 1082;

export async function openDatabase(opts: OpenOptions): Promise<Database_> {
	if (opts.url) return openPostgres(opts.url, opts.max ?? 10);
	return openPGlite(opts.dataDir ?? null, opts.loadDataDir);
}

async function openPostgres(url: string, max: number): Promise<Database_> {
	const { default: postgres } = await import('postgres');
	const { PostgresJSDialect } = await import('kysely-postgres-js');
	const client = postgres(url, {
		max,
		// A server that does not answer (network cut, not refused) fails the query in 10 s, not 30: pages answer
		// 503 database_unavailable (db/unavailable.ts) and postgres.js reconnects once the server is back.
		connect_timeout: 10,
		// Between reconnection attempts: postgres.js's default grows to 20 s, so after an outage requests and
		// LISTEN (check-in screens, mail progress) would wait that long. At most 2 s, jittered across instances.
		backoff: (retries: number) => (0.5 + Math.random() / 2) * Math.min(0.1 * 2 ** retries, 2),
		onnotice: () => {},
		// No JIT compilation for this app's short queries: on a list of 15,000 delegates the planner's cost
		// passes jit_above_cost and compiling took longer than the query (attendance counts 57 ms with JIT,
		// 22 ms without; npm run bench -- growth). Set per connection, so the server's default is untouched.
		connection: { jit: 'off', application_name: 'hoi-nghi' },
		types: {
			int8: {
				to: OID_INT8,
				from: [OID_INT8],
				serialize: (x: number | bigint | string) => String(x),
				parse: parseInt8
			},
			// Kysely code writes JSON as a string (what PGlite expects for jsonb): pass strings through as they
			// are instead of letting postgres.js encode them a second time.
			jsonb: {
				to: 3802,
				from: [114, 3802],
				serialize: (x: unknown) => (typeof x === 'string' ? x : JSON.stringify(x)),
				parse: (x: string) => JSON.parse(x)
			},
			// Calendar dates stay 'YYYY-MM-DD' strings: a Date would shift them by the server's time zone.
			date: {
				to: OID_DATE,
				from: [OID_DATE],
				serialize: (x: string) => x,
				parse: (x: string) => x
			}
		}
	});
	const db = new Kysely<Database>({ dialect: new PostgresJSDialect({ postgres: client }) });
	return {
		db,
		kind: 'postgres',
		listen: channelFanOut((channel, onNotify, onListen) => client.listen(channel, onNotify, onListen).then(() => undefined)),
		async close() {
			await db.destroy();
			await client.end({ timeout: 5 });
		}
	};
}

interface Subscriber {
	handler: (payload: string) => void;
	onResubscribed?: () => void;
}

/**
 * One LISTEN per channel for the whole process, fanned out to its subscribers (the live streams, the mail
 * worker). postgres.js takes a LISTEN up again after its connection drops, but it re-registers each
 * subscriber as a new one, so the unsubscribe function it returned before the drop no longer removes it:
 * every stream closed after an outage would stay subscribed. Keeping the subscribers here avoids that, and
 * tells them when the LISTEN has come back (`onListen` runs on the first LISTEN and on every re-LISTEN).
 */
export function channelFanOut(
	listen: (channel: string, onNotify: (payload: string) => void, onListen: () => void) => Promise<void>
): Database_['listen'] {
	const channels = new Map<string, { subscribers: Set<Subscriber>; ready: Promise<void> }>();
	const each = (set: Set<Subscriber>, fn: (s: Subscriber) => void) => {
		for (const s of [...set]) {
			try {
				fn(s);
			} catch (e) {
				console.error('[hoi-nghi] lỗi khi xử lý thông báo của cơ sở dữ liệu:', e);
			}
		}
	};
	return async (channel, handler, onResubscribed) => {
		let ch = channels.get(channel);
		if (!ch) {
			const subscribers = new Set<Subscriber>();
			let listens = 0;
			const ready = listen(
				channel,
				(payload) => each(subscribers, (s) => s.handler(payload)),
				() => {
					if (listens++ > 0) each(subscribers, (s) => s.onResubscribed?.());
				}
			);
			ch = { subscribers, ready };
			channels.set(channel, ch);
			ready.catch(() => {
				if (channels.get(channel) === ch) channels.delete(channel);
			});
		}
		await ch.ready;
		const sub: Subscriber = { handler, onResubscribed };
		ch.subscribers.add(sub);
		const set = ch.subscribers;
		// The LISTEN itself stays: it is one per channel and process, and the next subscriber reuses it.
		return async () => {
			set.delete(sub);
		};
	};
}

async function openPGlite(dataDir: string | null, loadDataDir?: Blob | File): Promise<Database_> {
	const { PGlite } = await import('@electric-sql/pglite');
	const { PGliteDialect } = await import('./pglite-dialect');
	let release: (() => void) | null = null;
	if (dataDir) {
		fs.mkdirSync(dataDir, { recursive: true });
		release = acquireDirLock(dataDir);
	}
	let pg: import('@electric-sql/pglite').PGlite;
	try {
		pg = await PGlite.create({
			...(dataDir ? { dataDir } : {}),
			...(loadDataDir ? { loadDataDir } : {}),
			parsers: { [OID_INT8]: parseInt8, [OID_DATE]: (x: string) => x },
			serializers: { [OID_INT8]: (x: unknown) => String(x) }
		});
	} catch (e) {
		release?.();
		throw e;
	}
	const db = new Kysely<Database>({ dialect: new PGliteDialect(pg) });
	return {
		db,
		kind: 'pglite',
		pglite: pg,
		// In-process: the LISTEN is never lost, so onListen runs once and no subscriber is told to reload.
		listen: channelFanOut(async (channel, onNotify, onListen) => {
			await pg.listen(channel, onNotify);
			onListen();
		}),
		async close() {
			await db.destroy();
			await pg.close();
			release?.();
		}
	};
}

/**
 * One process per PGlite folder. The lock holds the owner's pid; a lock left by a dead process
 * (kill -9, power cut) is taken over, a live one is refused with a message that says what to do.
 */
export function acquireDirLock(dataDir: string): () => void {
	const lockPath = path.join(path.dirname(path.resolve(dataDir)), path.basename(dataDir) + '.lock');
	for (let attempt = 0; attempt < 2; attempt++) {
		try {
			const fd = fs.openSync(lockPath, 'wx');
			fs.writeSync(fd, String(process.pid));
			fs.closeSync(fd);
			let released = false;
			const release = () => {
				if (released) return;
				released = true;
				try {
					if (fs.readFileSync(lockPath, 'utf8') === String(process.pid)) fs.unlinkSync(lockPath);
				} catch {
					/* already gone */
				}
			};
			process.once('exit', release);
			return release;
		} catch (e) {
			if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
			const owner = Number(fs.readFileSync(lockPath, 'utf8').trim());
			if (owner && owner !== process.pid && isAlive(owner)) {
				throw new Error(
					`Cơ sở dữ liệu nhúng ở "${dataDir}" đang được tiến trình ${owner} sử dụng. ` +
						'Hãy dừng tiến trình đó trước (PGlite chỉ cho phép một tiến trình mở một thư mục dữ liệu).'
				);
			}
			fs.unlinkSync(lockPath); // stale lock: its owner is gone
		}
	}
	throw new Error(`Không lấy được khóa thư mục dữ liệu ${dataDir}`);
}

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (e) {
		return (e as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/**
 * Runs fn in a transaction, or inside the caller's transaction when given one.
 * Services call this so that a change and its audit row commit together.
 */
export async function inTransaction<T>(db: Executor, fn: (tx: Tx) => Promise<T>): Promise<T> {
	if (db.isTransaction) return fn(db as Tx);
	return db.transaction().execute(fn);
}

/** Sends a NOTIFY inside the current transaction: delivered only if it commits. */
export async function notify(db: Executor, channel: string, payload: string): Promise<void> {
	await sql`select pg_notify(${channel}, ${payload})`.execute(db);
}

// ---- the process-wide instance used by the web app (a connection pool, not per-user state) ----

let current: Database_ | null = null;
let opening: Promise<Database_> | null = null;

export function setDatabase(d: Database_ | null): void {
	current = d;
	opening = null;
}

export function getDatabase(): Database_ {
	if (!current) throw new Error('Cơ sở dữ liệu chưa được mở (thiếu bước khởi động)');
	return current;
}

export function db(): DB {
	return getDatabase().db;
}

export async function ensureDatabase(open: () => Promise<Database_>): Promise<Database_> {
	if (current) return current;
	opening ??= open().then((d) => (current = d));
	return opening;
}
