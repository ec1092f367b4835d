/**
 * Shared pieces of the benchmarks (not a bench itself: bench.mjs runs *.bench.ts only).
 * - QUICK (BENCH_QUICK=1): smaller sizes for a smoke run;
 * - the two databases: embedded PGlite in a temporary folder and a throw-away PostgreSQL database, both
 *   removed afterwards;
 * - the built server (node build) started on our own port (43xx) and stopped by its PID;
 * - a benchmark world (organisation, admin, session cookie), generated delegate lists, timing and growth.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { openDatabase, type Database_, type DB } from '$lib/server/db';
import { migrateToLatest } from '$lib/server/db/migrate';
import { config } from '$lib/server/config';
import { createSession, generateSessionToken, SESSION_COOKIE } from '$lib/server/auth/session';
import { hashPassword } from '$lib/server/auth/password';
import type { Principal } from '$lib/server/auth/access';
import { createEvent } from '$lib/server/events/service';

export const QUICK = process.env.BENCH_QUICK === '1';

// ------------------------------------------------------------------------------------------------ timing

export async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
	const t = performance.now();
	const r = await fn();
	return [r, performance.now() - t];
}

/**
 * Median of `runs` timed calls after one warm-up call (not counted). A call slower than a second is timed
 * once more only (the warm-up and one run), so a slow case does not take minutes.
 */
export async function median(fn: () => Promise<unknown>, runs = 3): Promise<number> {
	const [, first] = await timed(fn);
	if (first > 1000) return (await timed(fn))[1];
	const xs: number[] = [];
	for (let i = 0; i < runs; i++) xs.push((await timed(fn))[1]);
	xs.sort((a, b) => a - b);
	return xs[Math.floor(xs.length / 2)];
}

export function pct(sorted: number[], p: number): number {
	if (!sorted.length) return 0;
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export const r1 = (x: number) => Math.round(x * 10) / 10;

export interface LoadFigures {
	requests: number;
	rps: number;
	p50: number;
	p95: number;
	p99: number;
	codes: Record<string, number>;
}

/** Runs `total` requests through `concurrency` workers; each request gets its worker index and a sequence number. */
export async function load(concurrency: number, total: number, one: (worker: number, i: number) => Promise<string>): Promise<LoadFigures> {
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
	return { requests: total, rps: Math.round(total / secs), p50: r1(pct(lat, 50)), p95: r1(pct(lat, 95)), p99: r1(pct(lat, 99)), codes };
}

// ------------------------------------------------------------------------------------------------ growth

/**
 * Growth per 10× of size. A whole-list operation should grow about 10× (linear); more than 13× is flagged
 * superlinear. A per-item operation (one scan, one letter, one delegate's page) should stay flat; more than
 * 3× per 10× means it does work proportional to the list, so doing it for every item is quadratic.
 */
export type Scale = 'list' | 'item';
export function growthFlag(scale: Scale, factors: (number | null)[]): string {
	const fs_ = factors.filter((f): f is number => f != null && Number.isFinite(f));
	if (!fs_.length) return '';
	const worst = Math.max(...fs_);
	if (scale === 'list') return worst > 13 ? 'SUPERLINEAR' : 'ok';
	return worst > 3 ? 'GROWS WITH N' : 'ok';
}

export function factor(a: number | null | undefined, b: number | null | undefined): number | null {
	if (a == null || b == null || !(a > 0)) return null;
	return r1(b / a);
}

// ------------------------------------------------------------------------------------------------ databases

export interface BenchDb {
	label: 'PGlite' | 'PostgreSQL';
	/** Opens (again) a connection from this process. PGlite: one process at a time, close before a server opens it. */
	open(): Promise<Database_>;
	/** Environment for the built server on this database. */
	serverEnv: Record<string, string>;
	cleanup(): Promise<void>;
}

function postgresBaseUrl(): string {
	return process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
}

/** A PGlite folder in /tmp (removed by cleanup). */
export function pgliteDb(tag: string): BenchDb {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), `hn-bench-${tag}-`));
	return {
		label: 'PGlite',
		open: () => openDatabase({ dataDir: path.join(dir, 'pglite') }),
		serverEnv: { DATA_DIR: dir },
		cleanup: async () => fs.rmSync(dir, { recursive: true, force: true })
	};
}

/** A fresh PostgreSQL database (dropped by cleanup), or null when no server answers. */
export async function postgresDb(tag: string): Promise<BenchDb | null> {
	const base = postgresBaseUrl();
	const { default: postgres } = await import('postgres');
	const admin = postgres(base, { max: 1, onnotice: () => {}, connect_timeout: 3 });
	const name = `hn_bench_${tag}_${process.pid}`;
	try {
		await admin.unsafe(`drop database if exists "${name}" with (force)`);
		await admin.unsafe(`create database "${name}"`);
	} catch {
		await admin.end({ timeout: 1 }).catch(() => {});
		return null;
	}
	const u = new URL(base);
	u.pathname = `/${name}`;
	const url = u.toString();
	return {
		label: 'PostgreSQL',
		open: () => openDatabase({ url, max: 8 }),
		serverEnv: { DATABASE_URL: url },
		cleanup: async () => {
			await admin.unsafe(`drop database if exists "${name}" with (force)`);
			await admin.end({ timeout: 5 });
		}
	};
}

/** Runs `fn` on PGlite, then on PostgreSQL when a server answers; each database is removed afterwards. */
export async function onBothDatabases<T>(tag: string, fn: (b: BenchDb) => Promise<T[]>): Promise<T[]> {
	const out: T[] = [];
	const lite = pgliteDb(tag);
	try {
		out.push(...(await fn(lite)));
	} finally {
		await lite.cleanup();
	}
	const pg = await postgresDb(tag);
	if (!pg) {
		console.log(`(${tag}: PostgreSQL skipped, no server at ${postgresBaseUrl()})`);
		return out;
	}
	try {
		out.push(...(await fn(pg)));
	} finally {
		await pg.cleanup();
	}
	return out;
}

// ------------------------------------------------------------------------------------------------ server

/** A free port in 4300–4399 (our range), else any free port. */
export async function freePort(from = 4300): Promise<number> {
	const tryPort = (p: number) =>
		new Promise<boolean>((resolve) => {
			const s = net.createServer();
			s.once('error', () => resolve(false));
			s.listen(p, '127.0.0.1', () => s.close(() => resolve(true)));
		});
	for (let p = from; p < 4400; p++) if (await tryPort(p)) return p;
	return new Promise((resolve, reject) => {
		const s = net.createServer();
		s.listen(0, '127.0.0.1', () => {
			const port = (s.address() as net.AddressInfo).port;
			s.close(() => resolve(port));
		});
		s.on('error', reject);
	});
}

export interface Server {
	url: string;
	port: number;
	child: ChildProcess;
	stop(): Promise<void>;
}

/** Starts the built server (build/index.js) and waits until it answers. Stopped by its PID (SIGTERM, then SIGKILL). */
export async function startServer(env: Record<string, string>, port?: number): Promise<Server> {
	// HN_BENCH_BUILD: a copy of build/ taken under the build lock, for long exploratory runs beside others.
	const entry = path.join(process.env.HN_BENCH_BUILD || 'build', 'index.js');
	if (!fs.existsSync(entry)) throw new Error(`${entry} missing: npm run bench builds it first`);
	port ??= await freePort();
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
		APP_SECRET: config().appSecret || 'hoi-nghi-bench-secret-0123456789abcdef',
		...env
	};
	if (!env.DATABASE_URL) delete childEnv.DATABASE_URL;
	const child = spawn(process.execPath, [entry], { env: childEnv, stdio: ['ignore', 'ignore', 'pipe'] });
	let err = '';
	child.stderr!.on('data', (b) => (err = (err + b).slice(-4000)));
	const stop = async () => {
		if (child.exitCode !== null || child.signalCode !== null) return;
		const exited = new Promise((r) => child.once('exit', r));
		process.kill(child.pid!, 'SIGTERM');
		const t = setTimeout(() => child.exitCode === null && child.signalCode === null && process.kill(child.pid!, 'SIGKILL'), 10_000);
		await exited;
		clearTimeout(t);
	};
	const deadline = Date.now() + 90_000;
	for (;;) {
		if (child.exitCode !== null) throw new Error(`server exited: ${err}`);
		try {
			if ((await fetch(url + '/login', { redirect: 'manual' })).status < 500) break;
		} catch {
			/* not yet */
		}
		if (Date.now() > deadline) {
			await stop();
			throw new Error(`server did not start: ${err}`);
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	return { url, port, child, stop };
}

// ------------------------------------------------------------------------------------------------ world

export interface World {
	orgId: number;
	admin: Principal;
	/** Cookie header of the admin's session (for HTTP requests to the built server). */
	cookie: string;
	cookieValue: string;
}

export async function benchWorld(db: DB, tag = 'bench'): Promise<World> {
	await migrateToLatest(db);
	const org = await db.insertInto('organisation').values({ name: `Văn phòng UBND tỉnh (${tag} ${Date.now()})`, kind: 'province_office' }).returning('id').executeTakeFirstOrThrow();
	const u = await db
		.insertInto('app_user')
		.values({ email: `quantri.${tag.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.${Date.now()}@bench.vn`, full_name: 'Quản trị đo tải', password_hash: await hashPassword('bench-password-123') })
		.returning(['id', 'email', 'full_name'])
		.executeTakeFirstOrThrow();
	await db.insertInto('membership').values({ user_id: u.id, organisation_id: org.id, role: 'admin' }).execute();
	const token = generateSessionToken();
	await createSession(db, token, u.id);
	return {
		orgId: org.id,
		admin: { user: { id: u.id, email: u.email, fullName: u.full_name, isSystemAdmin: false }, via: 'session', ip: '127.0.0.1' },
		cookie: `${SESSION_COOKIE}=${token}`,
		cookieValue: token
	};
}

/** A conference of the province (four tiers: tỉnh, huyện, xã, khen thưởng). */
export async function benchEvent(db: DB, w: World, title: string, startsAt = new Date(Date.now() + 20 * 86400_000)): Promise<{ eventId: number; tiers: { id: number; name: string; position: number }[] }> {
	const eventId = await createEvent(
		db,
		w.admin,
		w.orgId,
		{
			kind: 'tong_ket',
			title,
			movement: 'Vì người nghèo – Không để ai bị bỏ lại phía sau',
			periodLabel: 'giai đoạn 2021 - 2025',
			startsAt,
			endsAt: new Date(startsAt.getTime() + 8 * 3600_000),
			venue: 'Hội trường UBND tỉnh',
			address: '01 Trần Phú, Nha Trang',
			organiserName: 'Sở Nội vụ',
			authorityParent: 'ỦY BAN NHÂN DÂN',
			authorityName: 'TỈNH KHÁNH HÒA',
			placeName: 'Khánh Hòa',
			docNumber: '',
			docSymbol: 'GM-UBND',
			signerPrefix: 'KT. CHỦ TỊCH',
			signerTitle: 'PHÓ CHỦ TỊCH',
			signerName: 'Trần Minh Đức',
			notes: ''
		},
		{ presetKey: 'four_levels_2024' }
	);
	const tiers = await db.selectFrom('tier').select(['id', 'name', 'position']).where('event_id', '=', eventId).orderBy('position').execute();
	return { eventId, tiers };
}

// ------------------------------------------------------------------------------------------------ generated lists

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Huỳnh', 'Võ', 'Phan', 'Trương', 'Bùi', 'Đặng', 'Đỗ', 'Ngô', 'Hồ', 'Dương', 'Lý'];
const MIDDLE = ['Văn', 'Thị', 'Minh', 'Quốc', 'Hữu', 'Ngọc', 'Thanh', 'Đức', 'Thu', 'Kim'];
const GIVEN = ['An', 'Bình', 'Cường', 'Dũng', 'Hà', 'Hải', 'Hoa', 'Hùng', 'Lan', 'Long', 'Mai', 'Nam', 'Ngân', 'Phúc', 'Sơn', 'Tâm', 'Thảo', 'Trung', 'Tuấn', 'Yến'];
const LEADER_POSITIONS = ['Bí thư Tỉnh ủy', 'Chủ tịch HĐND tỉnh', 'Chủ tịch UBND tỉnh', 'Phó Chủ tịch UBND tỉnh', 'Chủ tịch Ủy ban MTTQ Việt Nam tỉnh', 'Giám đốc Sở Nội vụ', 'Giám đốc Sở Tài chính'];
const POSITIONS = ['Chủ tịch UBND xã', 'Phó Chủ tịch UBND xã', 'Công chức văn hóa - xã hội', 'Trưởng thôn', 'Bí thư chi bộ', 'Trưởng phòng', 'Chuyên viên'];
export const GROWTH_TIERS = ['Cấp tỉnh', 'Cấp huyện', 'Cấp xã', 'Tập thể, cá nhân được khen thưởng'];

export interface PersonRow {
	name: string;
	salutation: 'Ông' | 'Bà';
	position: string;
	unit: string;
	phone: string;
	email: string;
	tier: number;
}

/** Leaders at the top (a fixed 40 from 1 500 up), then huyện 20 %, xã 60 %, awarded 20 %: a province's communes. */
export function tierSizes(n: number): number[] {
	const leaders = Math.min(40, Math.round(n / 5));
	const rest = n - leaders;
	const huyen = Math.round(rest * 0.2);
	const awarded = Math.round(rest * 0.2);
	return [leaders, huyen, rest - huyen - awarded, awarded];
}

/** n unique delegates: names unique by a number, 7 per unit (so units grow with the list), 5 in 6 with an email. */
export function people(n: number): PersonRow[] {
	const sizes = tierSizes(n);
	const out: PersonRow[] = [];
	let i = 0;
	for (const [t, size] of sizes.entries()) {
		for (let k = 0; k < size; k++, i++) {
			const middle = MIDDLE[Math.floor(i / FAMILY.length) % MIDDLE.length];
			out.push({
				name: `${FAMILY[i % FAMILY.length]} ${middle} ${GIVEN[Math.floor(i / 150) % GIVEN.length]} ${i + 1}`,
				salutation: middle === 'Thị' || i % 3 === 0 ? 'Bà' : 'Ông',
				position: t === 0 ? LEADER_POSITIONS[k % LEADER_POSITIONS.length] : POSITIONS[i % POSITIONS.length],
				unit: t === 0 ? 'UBND tỉnh Khánh Hòa' : t === 3 ? `Thôn ${Math.floor(i / 7) + 1}, xã số ${Math.floor(i / 70) + 1}` : `UBND xã số ${Math.floor(i / 7) + 1}`,
				phone: `09${String(10_000_000 + i).slice(-8)}`,
				email: i % 6 === 5 ? '' : `daibieu${i + 1}@khanhhoa.gov.vn`,
				tier: t
			});
		}
	}
	return out;
}

/** The office's .xlsx of those delegates: title rows, a header, one section row per tier. */
export async function delegatesXlsx(list: PersonRow[]): Promise<Uint8Array> {
	const wb = new ExcelJS.Workbook();
	const ws = wb.addWorksheet('Danh sách');
	ws.addRow(['ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA']);
	ws.addRow([`DANH SÁCH ĐẠI BIỂU DỰ HỘI NGHỊ (${list.length} người)`]);
	ws.mergeCells('A1:H1');
	ws.mergeCells('A2:H2');
	ws.addRow([]);
	ws.addRow(['STT', 'Họ và tên', 'Chức vụ', 'Đơn vị', 'Điện thoại', 'Email', 'Cấp', 'Ghi chú']);
	let stt = 0;
	for (const [t, tier] of GROWTH_TIERS.entries()) {
		ws.addRow([`${'ABCD'[t]}. ĐẠI BIỂU ${tier.toUpperCase()}`]);
		for (const p of list.filter((x) => x.tier === t)) ws.addRow([++stt, `${p.salutation} ${p.name}`, p.position, p.unit, p.phone, p.email, tier, '']);
	}
	return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

/** An award list as offices send it (Bằng khen of the province's chairman): collectives, people, households. */
export async function awardsXlsx(n: number, list: PersonRow[]): Promise<Uint8Array> {
	const wb = new ExcelJS.Workbook();
	const ws = wb.addWorksheet('Danh sách khen thưởng');
	ws.addRow(['', 'DANH SÁCH TẬP THỂ, CÁ NHÂN, HỘ GIA ĐÌNH ĐƯỢC TẶNG BẰNG KHEN CỦA CHỦ TỊCH UBND TỈNH KHÁNH HÒA']);
	ws.addRow(['', '(Kèm theo Quyết định số 2468/QĐ-UBND ngày 08 tháng 12 năm 2026 của Chủ tịch Ủy ban nhân dân tỉnh)']);
	ws.addRow([]);
	ws.addRow(['', 'STT', 'Tên tập thể, cá nhân, hộ gia đình', 'Chức vụ', 'Đơn vị / Địa chỉ', 'Loại', 'Thành tích']);
	const ach = 'Đã có thành tích xuất sắc trong thực hiện Phong trào thi đua “Vì người nghèo – Không để ai bị bỏ lại phía sau” giai đoạn 2021 - 2025';
	const collectives = Math.round(n * 0.2);
	const households = Math.round(n * 0.1);
	const individuals = n - collectives - households;
	const awarded = list.filter((p) => p.tier === 3);
	let stt = 0;
	ws.addRow(['', 'I. TẬP THỂ']);
	for (let i = 0; i < collectives; i++) ws.addRow(['', ++stt, `Ủy ban nhân dân xã số ${i + 1}`, '', '', 'Tập thể', ach]);
	ws.addRow(['', 'II. CÁ NHÂN']);
	for (let i = 0; i < individuals; i++) {
		// Most are on the delegate list (the awarded tier), the rest are not invited.
		const p = awarded[i];
		if (p) ws.addRow(['', ++stt, `${p.salutation} ${p.name}`, p.position, p.unit, 'Cá nhân', ach]);
		else ws.addRow(['', ++stt, `Bà Nguyễn Thị Khen ${i + 1}`, 'Hội viên', `Thôn ${i + 1}`, 'Cá nhân', ach]);
	}
	ws.addRow(['', 'III. HỘ GIA ĐÌNH']);
	for (let i = 0; i < households; i++) ws.addRow(['', ++stt, `Hộ ông Lê Văn Hộ ${i + 1}`, '', `Thôn ${i + 1}, xã số ${i + 1}`, 'Hộ gia đình', ach]);
	return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

/** Size of a JSON body in KB (one decimal). */
export const kb = (n: number) => Math.round(n / 102.4) / 10;

/**
 * A conference of n delegates a week before the day, written directly (fast, for the page benches): the list
 * (insertDelegates), replies, one invitation mail per delegate with an email (sent), 40 % checked in with
 * their audit rows, n/5 awards imported from the office's list, and four derived budget lines.
 */
export async function seedConference(db: DB, w: World, n: number): Promise<{ eventId: number; tiers: { id: number; name: string }[] }> {
	const { insertDelegates } = await import('$lib/server/delegates/repository');
	const { inTransaction } = await import('$lib/server/db');
	const { commitAwardImport, previewAwardImport } = await import('$lib/server/awards/service');
	const { createLine, createSource } = await import('$lib/server/budget/service');
	const { sql } = await import('kysely');
	const { eventId, tiers } = await benchEvent(db, w, `Hội nghị tổng kết (${n} đại biểu)`);
	const list = people(n);
	await inTransaction(db, (tx) =>
		insertDelegates(
			tx,
			list.map((p, i) => ({
				event_id: eventId,
				tier_id: tiers[p.tier].id,
				kind: 'person' as const,
				salutation: p.salutation,
				full_name: p.name,
				position: p.position,
				unit: p.unit,
				phone: p.phone,
				email: p.email || null,
				protocol_rank: 100 + (i % 50),
				sort_order: (i + 1) * 10,
				source: 'import' as const
			}))
		)
	);
	await sql`update delegate set reply_status = case when id % 10 = 3 then 'declined' when id % 10 < 7 then 'attending' else 'pending' end,
		replied_at = now() where event_id = ${eventId}`.execute(db);
	await sql`insert into mail_message (organisation_id, event_id, kind, idempotency_key, delegate_id, to_address, to_name, subject, text_body, status, sent_at, transport)
		select ${w.orgId}, event_id, 'invitation', 'invitation:' || id, id, email, full_name, 'Giấy mời', 'Kính gửi', 'sent', now(), 'smtp'
		from delegate where event_id = ${eventId} and email is not null`.execute(db);
	await sql`insert into check_in (event_id, delegate_id, method, checked_in_at, device_id, device_label, staff_label)
		select event_id, id, 'scan', now() - (id % 120) * interval '1 minute', 'bench-door', 'Cửa A', 'Lễ tân'
		from delegate where event_id = ${eventId} and id % 5 in (0, 1)`.execute(db);
	await sql`insert into audit_log (actor_label, organisation_id, event_id, action, entity_type, entity_id, data)
		select 'Lễ tân', ${w.orgId}, event_id, 'checkin.created', 'delegate', delegate_id::text, '{}'::jsonb
		from check_in where event_id = ${eventId}`.execute(db);
	const a = Math.max(1, Math.round(n / 5));
	const view = await previewAwardImport(db, w.admin, eventId, await awardsXlsx(a, list), 'khen-thuong.xlsx');
	await commitAwardImport(db, w.admin, eventId, view.importId, {
		decision: { number: view.hints.number ?? '2468/QĐ-UBND', decisionDate: view.hints.date ?? '2026-12-08', formId: view.suggestedFormId!, fund: null, signerPrefix: 'KT. CHỦ TỊCH', signerTitle: 'PHÓ CHỦ TỊCH', signerName: 'Trần Minh Đức' }
	});
	const source = await createSource(db, w.admin, eventId, { name: 'Dự án 7', fundType: 'programme', decisionNo: '1/QĐ', decisionDate: '2026-01-05', issuer: 'UBND tỉnh', amount: 900_000_000_000, notes: '' });
	for (const [category, derivedFrom, unitPrice] of [
		['refreshments', 'attendance', 30_000],
		['meals', 'attendance', 150_000],
		['printing', 'letters', 5_000],
		['prizes', 'awards:province_fund', 0]
	] as const)
		await createLine(db, w.admin, eventId, { fundingSourceId: source, category, description: `Dòng ${category}`, unit: 'suất', quantity: 100, unitPrice, normId: null, notes: '', derivedFrom, derivedParams: {}, overReason: 'Đo tải' });
	return { eventId, tiers };
}

/**
 * What the running server would have done by the time people use data written in bulk by a bench: on PGlite
 * the app's own statistics step (db/statistics.ts, every minute in the server), on PostgreSQL autovacuum's
 * ANALYZE (within a minute of a large change). Benches call it after writing data directly.
 */
export async function settle(d: Database_): Promise<void> {
	const { analyzeStale } = await import('$lib/server/db/statistics');
	const { sql } = await import('kysely');
	if (d.kind === 'pglite') await analyzeStale(d.db);
	else await sql`analyze`.execute(d.db);
}
