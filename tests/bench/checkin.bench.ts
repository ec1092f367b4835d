/**
 * Check-in under load: concurrent scanners hitting POST /api/v1/events/:id/checkin/scan on the built server
 * (node build), on PGlite and on PostgreSQL, side by side in one run with a trivial endpoint of the same
 * server (GET /api/v1/me: session check and one query) as the reference.
 *
 * Cases, at each level of concurrent scanners (keep-alive HTTP, one session each):
 * - reference: GET /api/v1/me;
 * - scan, new arrival: every delegate scanned once (the insert path: lock, check-in, scan log, audit, NOTIFY);
 * - scan, repeat: the same delegates again from other devices (the "already checked in" path);
 * - scan, forged: tokens that match no one (the refusal path, logged).
 * Figures: requests, throughput (req/s), p50 / p95 / p99 latency (ms), and the ratio to the reference.
 *
 * PostgreSQL is used when TEST_DATABASE_URL or DATABASE_URL is set, else postgres://postgres@127.0.0.1:5432/test
 * when it answers; a throw-away database is created and dropped. Set HN_BENCH_CONCURRENCY / HN_BENCH_DELEGATES
 * to change the load.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, inTransaction, type Database_ } from '$lib/server/db';
import { migrateToLatest } from '$lib/server/db/migrate';
import { config } from '$lib/server/config';
import { insertDelegates } from '$lib/server/delegates/repository';
import { delegateToken } from '$lib/server/delegates/token';
import { createSession, generateSessionToken, SESSION_COOKIE } from '$lib/server/auth/session';
import { hashPassword } from '$lib/server/auth/password';

/** Scanners at once: 4 (two doors, two devices each: the real morning) and 16 (headroom). */
/** BENCH_QUICK=1: a smaller run (smoke test of the benchmarks). */
const QUICK = process.env.BENCH_QUICK === '1';
const LEVELS = (process.env.HN_BENCH_CONCURRENCY || (QUICK ? '4' : '4,16')).split(',').map(Number).filter((n) => n > 0);
const CONCURRENCY_MAX = Math.max(...LEVELS);
/** New arrivals per level (each level scans its own delegates). */
const DELEGATES = Number(process.env.HN_BENCH_DELEGATES || (QUICK ? 150 : 600));
const REFERENCE_REQUESTS = DELEGATES;

interface World {
	eventId: number;
	cookies: string[];
	tokens: string[];
}

async function seed(d: Database_, secretCheck: string): Promise<World> {
	await migrateToLatest(d.db);
	if (config().appSecret !== secretCheck) throw new Error('APP_SECRET changed during the bench');
	const org = await d.db.insertInto('organisation').values({ name: `Bench ${Date.now()}`, kind: 'province_office' }).returning('id').executeTakeFirstOrThrow();
	const hash = await hashPassword('bench-password-123');
	const cookies: string[] = [];
	for (let i = 0; i < CONCURRENCY_MAX; i++) {
		const u = await d.db
			.insertInto('app_user')
			.values({ email: `scanner${i}@bench.vn`, full_name: `Lễ tân ${i + 1}`, password_hash: hash })
			.returning('id')
			.executeTakeFirstOrThrow();
		await d.db.insertInto('membership').values({ user_id: u.id, organisation_id: org.id, role: 'reception' }).execute();
		const token = generateSessionToken();
		await createSession(d.db, token, u.id);
		cookies.push(`${SESSION_COOKIE}=${token}`);
	}
	const ev = await d.db
		.insertInto('event')
		.values({ organisation_id: org.id, kind: 'tong_ket', title: 'Hội nghị đo tải check-in', starts_at: new Date() })
		.returning('id')
		.executeTakeFirstOrThrow();
	const tiers = await d.db
		.insertInto('tier')
		.values(['Cấp tỉnh', 'Sở, ngành', 'Cấp xã'].map((name, i) => ({ event_id: ev.id, name, position: i + 1, is_leader: i === 0 })))
		.returning('id')
		.execute();
	const rows = await inTransaction(d.db, (tx) =>
		insertDelegates(
			tx,
			Array.from({ length: DELEGATES * LEVELS.length }, (_, i) => ({
				event_id: ev.id,
				tier_id: tiers[i % 3].id,
				full_name: `Đại biểu Thứ ${i + 1}`,
				position: 'Chủ tịch UBND xã',
				unit: `UBND xã số ${i + 1}`,
				salutation: null,
				email: null,
				phone: null,
				replied_at: null,
				replied_via: null,
				substitute_for: null,
				parent_unit_id: null
			}))
		)
	);
	return { eventId: ev.id, cookies, tokens: rows.map((r) => delegateToken(r.id, 1)) };
}

async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const s = net.createServer();
		s.listen(0, '127.0.0.1', () => {
			const port = (s.address() as net.AddressInfo).port;
			s.close(() => resolve(port));
		});
		s.on('error', reject);
	});
}

async function startServer(env: Record<string, string>): Promise<{ url: string; child: ChildProcess; stop: () => Promise<void> }> {
	const port = await freePort();
	const url = `http://127.0.0.1:${port}`;
	const childEnv: Record<string, string> = {
		...(process.env as Record<string, string>),
		PORT: String(port),
		HOST: '127.0.0.1',
		ORIGIN: url,
		PUBLIC_URL: url,
		NODE_ENV: 'production',
		DEMO_SEED: '0',
		RUN_WORKER: '0',
		...env
	};
	if (!env.DATABASE_URL) delete childEnv.DATABASE_URL;
	const child = spawn(process.execPath, ['build/index.js'], { env: childEnv, stdio: ['ignore', 'ignore', 'pipe'] });
	let err = '';
	child.stderr!.on('data', (b) => (err += b));
	const deadline = Date.now() + 60_000;
	for (;;) {
		if (child.exitCode !== null) throw new Error(`server exited: ${err}`);
		try {
			if ((await fetch(url + '/login', { redirect: 'manual' })).status < 500) break;
		} catch {
			/* not yet */
		}
		if (Date.now() > deadline) throw new Error(`server did not start: ${err}`);
		await new Promise((r) => setTimeout(r, 100));
	}
	return {
		url,
		child,
		stop: async () => {
			child.kill('SIGTERM');
			if (child.exitCode === null) await new Promise((r) => child.once('exit', r));
		}
	};
}

function pct(sorted: number[], p: number): number {
	if (!sorted.length) return 0;
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

interface Figures {
	requests: number;
	rps: number;
	p50: number;
	p95: number;
	p99: number;
	codes: Record<string, number>;
}

/** Runs `total` requests through `concurrency` workers; each request gets its worker index and a sequence number. */
async function load(concurrency: number, total: number, one: (worker: number, i: number) => Promise<string>): Promise<Figures> {
	const lat: number[] = [];
	const codes: Record<string, number> = {};
	let next = 0;
	const t0 = performance.now();
	await Promise.all(
		Array.from({ length: concurrency }, async (_, w) => {
			for (;;) {
				const i = next++;
				if (i >= total) return;
				const s = performance.now();
				const code = await one(w, i);
				lat.push(performance.now() - s);
				codes[code] = (codes[code] ?? 0) + 1;
			}
		})
	);
	const secs = (performance.now() - t0) / 1000;
	lat.sort((a, b) => a - b);
	const r = (x: number) => Math.round(x * 10) / 10;
	return { requests: total, rps: Math.round(total / secs), p50: r(pct(lat, 50)), p95: r(pct(lat, 95)), p99: r(pct(lat, 99)), codes };
}

async function benchOne(label: string, env: Record<string, string>, world: World) {
	const srv = await startServer(env);
	const rows: Record<string, unknown>[] = [];
	try {
		const api = `${srv.url}/api/v1/events/${world.eventId}/checkin/scan`;
		const me = (w: number) => fetch(`${srv.url}/api/v1/me`, { headers: { cookie: world.cookies[w] } }).then(async (r) => (await r.arrayBuffer(), String(r.status)));
		let nonce = 0;
		const scan = (w: number, token: string, device: string) =>
			fetch(api, {
				method: 'POST',
				headers: { cookie: world.cookies[w], 'content-type': 'application/json' },
				body: JSON.stringify({ token: `${srv.url}/r/${token}`, nonce: `bench-${process.pid}-${++nonce}`, deviceId: device, deviceLabel: device, clientTime: new Date().toISOString() })
			}).then(async (r) => (r.status === 200 ? ((await r.json()) as { code: string }).code : `http_${r.status}`));
		// Warm-up (JIT, connections, plans), not measured.
		await load(CONCURRENCY_MAX, 100, (w) => me(w));
		await load(CONCURRENCY_MAX, 50, (w) => scan(w, 'a'.repeat(32), `bench-warm-${w}`));
		for (const [li, c] of LEVELS.entries()) {
			const tokens = world.tokens.slice(li * DELEGATES, (li + 1) * DELEGATES);
			const ref = await load(c, REFERENCE_REQUESTS, (w) => me(w));
			const arrive = await load(c, tokens.length, (w, i) => scan(w, tokens[i], `bench-door-a-${w}`));
			const repeat = await load(c, tokens.length, (w, i) => scan(w, tokens[(i * 7) % tokens.length], `bench-door-b-${w}`));
			const forged = await load(c, tokens.length, (w, i) => scan(w, tokens[i].slice(0, 31) + (tokens[i][31] === 'a' ? 'b' : 'a'), `bench-door-c-${w}`));
			const row = (name: string, f: Figures) => ({
				bench: 'checkin',
				case: `${label}: ${name}`,
				concurrency: c,
				requests: f.requests,
				'req/s': f.rps,
				'p50 ms': f.p50,
				'p95 ms': f.p95,
				'p99 ms': f.p99,
				'× ref p50': Math.round((f.p50 / ref.p50) * 10) / 10,
				'ref/this req/s': Math.round((ref.rps / f.rps) * 10) / 10,
				codes: Object.entries(f.codes)
					.map(([k, v]) => `${k}:${v}`)
					.join(' ')
			});
			rows.push(row('GET /api/v1/me (reference)', ref), row('scan, new arrival', arrive), row('scan, repeat (already)', repeat), row('scan, forged (refused)', forged));
			if (arrive.codes.ok !== tokens.length) throw new Error(`${label}: expected ${tokens.length} ok, got ${JSON.stringify(arrive.codes)}`);
		}
	} finally {
		await srv.stop();
	}
	return rows;
}

async function postgresUrl(): Promise<string | null> {
	const url = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
	const { default: postgres } = await import('postgres');
	const sql = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 3 });
	try {
		await sql`select 1`;
		return url;
	} catch {
		return null;
	} finally {
		await sql.end({ timeout: 1 });
	}
}

export default async function () {
	const secret = config().appSecret;
	const rows: Record<string, unknown>[] = [];

	// PGlite: seed a folder, then the server opens it (one process at a time).
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hn-bench-checkin-'));
	try {
		const d = await openDatabase({ dataDir: path.join(dir, 'pglite') });
		const world = await seed(d, secret);
		await d.close();
		rows.push(...(await benchOne('PGlite', { DATA_DIR: dir, APP_SECRET: secret }, world)));
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}

	const url = await postgresUrl();
	if (!url) {
		rows.push({ bench: 'checkin', case: 'PostgreSQL: skipped (no server answered)' });
		return rows;
	}
	const { default: postgres } = await import('postgres');
	const admin = postgres(url, { max: 1, onnotice: () => {} });
	const name = `hn_bench_checkin_${process.pid}`;
	await admin.unsafe(`drop database if exists "${name}" with (force)`);
	await admin.unsafe(`create database "${name}"`);
	try {
		const u = new URL(url);
		u.pathname = `/${name}`;
		const d = await openDatabase({ url: u.toString(), max: 2 });
		const world = await seed(d, secret);
		await d.close();
		rows.push(...(await benchOne('PostgreSQL', { DATABASE_URL: u.toString(), APP_SECRET: secret }, world)));
	} finally {
		await admin.unsafe(`drop database if exists "${name}" with (force)`);
		await admin.end();
	}
	return rows;
}
