/**
 * SIGKILL in the middle of long operations, against the built server as a real process, then a restart:
 * nothing lost, nothing half-written, and the interface says what happened.
 *
 * - A delegate import of 5,000 rows, killed during its commit transaction: after the restart the event has none
 *   of the rows, the stored import says its last commit did not finish ('interrupted', also on the page), and
 *   committing again writes all 5,000 once; the import then answers that it was committed, with the counts.
 * - The all-certificates PDF of 600 awards (register numbers are assigned on first print), killed in the middle
 *   of the numbering statement (PostgreSQL) or after it, while the pages are drawn (PGlite): none or all are
 *   assigned, none twice, and printing again numbers them 1…600.
 * - A scanner's offline queue of 500 scans (400 delegates, 100 of them scanned twice by two devices) posted to
 *   the sync API and killed midway: resending the same queue (same nonces) gives every scan the answer it got
 *   or would have got, one check-in per delegate, none lost, the earliest time kept.
 *
 * "In the middle" is found by polling. PostgreSQL: through a second connection (the transaction's advisory lock
 * in pg_locks; a statement waiting for a row the test holds). PGlite runs inside the server process and blocks
 * it while it works, so its write-ahead log file is watched instead.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sql } from 'kysely';
import { startApp, client } from '../../helpers/server';
import { eventInput, newEventWorld } from '../../helpers/factories';
import { createEvent } from '../../../src/lib/server/events/service';
import { formId } from '../../unit/awards/world';
import { insertDelegates } from '../../../src/lib/server/delegates/repository';
import { addAward, createDecision } from '../../../src/lib/server/awards/service';
import { issueApiToken } from '../../../src/lib/server/auth/api-token';
import { createSession, generateSessionToken, SESSION_COOKIE } from '../../../src/lib/server/auth/session';
import { sleep, until, withDb, type StartedApp } from './faults-helpers';

const pg = inject('dbKind') === 'postgres';
const IMPORT_ROWS = 5000;
const AWARDS = 600;
const SYNC_DELEGATES = 400;
const SYNC_TWICE = 100;

let app: StartedApp;
let token = '';
let cookie = '';
let importEvent = 0;
let certEvent = 0;
let syncEvent = 0;
let tierNames: string[] = [];
let syncIds: number[] = [];

beforeAll(async () => {
	app = await startApp({
		prepare: async (d) => {
			const w = await newEventWorld(d.db, { startsAt: new Date(Date.now() + 20 * 86400_000) });
			importEvent = w.eventId;
			tierNames = w.tiers.map((t) => t.name);
			token = (await issueApiToken(d.db, { userId: w.admin.user.id, name: 'thử sự cố', createdBy: null })).token;
			const s = generateSessionToken();
			await createSession(d.db, s, w.admin.user.id);
			cookie = `${SESSION_COOKIE}=${s}`;

			// Certificates: one decision (Bằng khen tỉnh) with 600 individuals.
			certEvent = await createEvent(d.db, w.admin, w.org.id, eventInput(), { presetKey: 'four_levels_2024' });
			const form = await formId(d.db, 'bk_tinh');
			await d.db.transaction().execute(async (tx) => {
				const dec = await createDecision(tx, w.admin, certEvent, { number: '600/QĐ-UBND', decisionDate: '2025-08-19', formId: form, signerPrefix: 'KT. CHỦ TỊCH', signerTitle: 'PHÓ CHỦ TỊCH', signerName: 'Trịnh Minh Hoàng' });
				for (let i = 0; i < AWARDS; i++)
					await addAward(tx, w.admin, certEvent, dec, { kind: 'individual', name: `Nguyễn Thị Khen Thưởng ${i + 1}`, salutation: 'Bà', position: 'Chủ tịch Hội Phụ nữ', unit: `xã số ${i + 1}`, achievement: 'Đã có thành tích xuất sắc trong phong trào thi đua' });
			});

			// Check-in: 400 delegates of an event that has begun.
			syncEvent = await createEvent(d.db, w.admin, w.org.id, eventInput({ startsAt: new Date(Date.now() - 3600_000) }), { presetKey: 'four_levels_2024' });
			const syncTiers = await d.db.selectFrom('tier').select('id').where('event_id', '=', syncEvent).orderBy('position').execute();
			const rows = await d.db.transaction().execute((tx) =>
				insertDelegates(
					tx,
					Array.from({ length: SYNC_DELEGATES }, (_, i) => ({
						event_id: syncEvent,
						tier_id: syncTiers[i % syncTiers.length].id,
						kind: 'person' as const,
						salutation: 'Ông' as const,
						full_name: `Trần Văn Đến ${i + 1}`,
						position: 'Chủ tịch UBND xã',
						unit: `UBND xã số ${i + 1}`,
						source: 'manual' as const
					}))
				)
			);
			syncIds = rows.map((r) => r.id);
		}
	});
}, 180_000);
afterAll(async () => app?.stop());

const auth = () => ({ authorization: `Bearer ${token}` });
async function apiJson(method: string, path: string, body?: unknown) {
	const res = await fetch(app.url + path, {
		method,
		headers: { ...auth(), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
		body: body === undefined ? undefined : JSON.stringify(body)
	});
	return { status: res.status, body: await res.json() };
}

/** Waits on PostgreSQL until a transaction holds the advisory lock (classid, objid): seen from a second connection. */
async function advisoryLockHeld(lock: { classid: number; objid: number }): Promise<void> {
	await until(
		'giao dịch giữ khóa',
		async () => {
			const r = await sql<{ n: number }>`select count(*)::int as n from pg_locks where locktype = 'advisory' and classid = ${lock.classid} and objid = ${lock.objid} and granted`.execute(app.db!.db);
			return r.rows[0].n > 0;
		},
		60_000,
		5
	);
}

/**
 * PGlite runs inside the server process and blocks its event loop while it works, so no HTTP probe can tell
 * a transaction from CPU work. Its write-ahead log is a file, though: every commit (and every WAL buffer
 * flush of a big transaction) writes it. Waits until it has been written `n` times.
 */
async function walWrites(n: number): Promise<void> {
	const wal = path.join(app.dataDir!, 'pglite', 'pg_wal');
	const stamp = () =>
		fs
			.readdirSync(wal)
			.filter((f) => /^[0-9A-F]{24}$/.test(f))
			.map((f) => fs.statSync(path.join(wal, f)).mtimeMs)
			.join(',');
	let last = stamp();
	let seen = 0;
	const end = Date.now() + 60_000;
	while (seen < n) {
		if (Date.now() > end) throw new Error(`Hết thời gian chờ: ${n} lần ghi nhật ký WAL (mới thấy ${seen})`);
		await sleep(2);
		const now = stamp();
		if (now !== last) {
			seen++;
			last = now;
		}
	}
}

async function killAndRestart(): Promise<void> {
	await app.kill('SIGKILL');
	await app.restart();
}

function delegateCsv(n: number): Uint8Array {
	const lines = ['\ufeffSTT;Họ và tên;Chức vụ;Đơn vị;Điện thoại;Email;Cấp'];
	for (let i = 0; i < n; i++)
		lines.push([i + 1, `Lê Văn Nhập ${i + 1}`, 'Chuyên viên', `Đơn vị số ${Math.floor(i / 7)}`, `09${String(10_000_000 + i).slice(-8)}`, `nhap${i}@tinh.gov.vn`, tierNames[i % tierNames.length]].join(';'));
	return new TextEncoder().encode(lines.join('\r\n'));
}

describe('SIGKILL during a 5,000-row import commit', () => {
	it('leaves none of the rows, says the commit did not finish, and imports all of them when confirmed again', async () => {
		const base = `/api/v1/events/${importEvent}/delegates`;
		const up = await fetch(`${app.url}${base}/imports?filename=danh-sach-5000.csv&rows=problems`, { method: 'POST', headers: { ...auth(), 'content-type': 'text/csv' }, body: Buffer.from(delegateCsv(IMPORT_ROWS)) });
		expect(up.status).toBe(201);
		const preview = await up.json();
		expect(preview).toMatchObject({ status: 'pending', commitStartedAt: null, counts: { create: IMPORT_ROWS, errorRows: 0 } });

		const commit = fetch(`${app.url}${base}/imports/${preview.importId}/commit`, {
			method: 'POST',
			headers: { ...auth(), 'content-type': 'application/json' },
			body: JSON.stringify({ planDigest: preview.planDigest, sha256: preview.sha256 })
		}).catch((e: Error) => e);
		// In the commit's transaction, while its rows are being inserted (500 a statement): PostgreSQL, its lock on
		// the event's list is held and an insert into delegate is running; PGlite, the mark written before the
		// transaction and two flushes of its rows.
		const sent = Date.now();
		if (pg) {
			await advisoryLockHeld({ classid: 4243, objid: importEvent });
			await until(
				'đang ghi các dòng',
				async () => {
					const r = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where datname = current_database() and state = 'active' and query ilike 'insert into "delegate"%'`.execute(app.db!.db);
					return r.rows[0].n > 0;
				},
				60_000,
				2
			);
		} else await walWrites(3);
		const killedAfter = Date.now() - sent;
		await killAndRestart();
		expect(await commit).toBeInstanceOf(Error); // the client saw the connection drop, no answer

		// All or nothing: nothing.
		const summary = await apiJson('GET', `${base}/summary`);
		expect(summary.body.total).toBe(0);
		// The API and the page say the last commit did not finish and nothing was written.
		const after = await apiJson('GET', `${base}/imports/${preview.importId}?rows=problems`);
		expect(after.status).toBe(200);
		expect(after.body).toMatchObject({ status: 'interrupted', commitStartedAt: expect.any(String), committedAt: null, counts: { create: IMPORT_ROWS } });
		const page = await client(app, cookie).get(`/events/${importEvent}/delegates/import?id=${preview.importId}`);
		const html = await page.text();
		expect(html).toContain('Lần nhập trước chưa hoàn tất');
		expect(html).toContain('chưa có đại biểu nào từ');

		// Confirmed again: every row, once.
		const t0 = Date.now();
		const again = await apiJson('POST', `${base}/imports/${preview.importId}/commit`, { planDigest: after.body.planDigest });
		const commitMs = Date.now() - t0;
		expect(again.status).toBe(200);
		expect(again.body).toMatchObject({ created: IMPORT_ROWS, updated: 0 });
		expect((await apiJson('GET', `${base}/summary`)).body.total).toBe(IMPORT_ROWS);
		// A third confirmation (a client retrying) writes nothing and says when it was imported and what it wrote.
		const third = await apiJson('POST', `${base}/imports/${preview.importId}/commit`, {});
		expect(third.status).toBe(409);
		expect(third.body.error).toMatchObject({ code: 'import_already_committed', details: { result: { created: IMPORT_ROWS } } });
		expect(third.body.error.message).toMatch(new RegExp(`đã được nhập lúc .+ \\(${IMPORT_ROWS} đại biểu mới, 0 cập nhật\\)`));
		const done = await client(app, cookie).get(`/events/${importEvent}/delegates/import?id=${preview.importId}`);
		expect(await done.text()).toContain('Đã nhập xong');
		console.log(`Nhập ${IMPORT_ROWS} dòng: giết máy chủ ${killedAfter} ms sau khi gửi xác nhận (giữa giao dịch); sau khởi động lại 0 dòng, trạng thái “interrupted”; xác nhận lại ghi đủ ${IMPORT_ROWS} dòng trong ${commitMs} ms.`);
	}, 180_000);
});

describe('SIGKILL during a certificate batch', () => {
	it('assigns the register numbers all or none, never twice, and prints again', async () => {
		const awardsOf = async () => (await apiJson('GET', `/api/v1/events/${certEvent}/awards`)).body.awards as { id: number; registerNumber: string | null; registerSeq: number | null }[];
		expect((await awardsOf()).every((a) => a.registerNumber === null)).toBe(true);
		const startPrint = () => fetch(`${app.url}/api/v1/events/${certEvent}/certificates/pdf`, { headers: auth() }).then((r) => r.arrayBuffer()).catch((e: Error) => e);
		let print: Promise<ArrayBuffer | Error>;
		const sent = Date.now();
		let killedAfter = 0;
		if (pg) {
			// PostgreSQL: in the middle of writing the numbers. The numbers are given in one statement, too quick to
			// catch, so a second connection holds the 300th award: the statement stops there, inside its
			// transaction, with the awards before it already numbered (uncommitted). Then the kill.
			const mid = (await awardsOf())[AWARDS / 2 - 1].id;
			await app.db!.db.transaction().execute(async (tx) => {
				await sql`select id from award where id = ${mid} for update`.execute(tx);
				print = startPrint();
				await until(
					'câu lệnh cấp số chờ ở giữa',
					async () => {
						const r = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and query ilike 'update award set register_seq%'`.execute(app.db!.db);
						return r.rows[0].n > 0;
					},
					60_000,
					5
				);
				killedAfter = Date.now() - sent;
				await app.kill('SIGKILL');
			});
			await app.restart();
		} else {
			// PGlite: once the numbers are committed, while the 600 pages are drawn (its first WAL write is that commit).
			print = startPrint();
			await walWrites(1);
			killedAfter = Date.now() - sent;
			await killAndRestart();
		}
		expect(await print!).toBeInstanceOf(Error);

		const afterKill = await awardsOf();
		expect(afterKill).toHaveLength(AWARDS);
		const assigned = afterKill.filter((a) => a.registerNumber !== null).length;
		expect([0, AWARDS], `${assigned} số vào sổ sau khi giết máy chủ`).toContain(assigned);
		// Killed inside the numbering transaction on PostgreSQL (none), after it on PGlite (all).
		expect(assigned).toBe(pg ? 0 : AWARDS);

		const t0 = Date.now();
		const res = await fetch(`${app.url}/api/v1/events/${certEvent}/certificates/pdf`, { headers: auth() });
		const bytes = Buffer.from(await res.arrayBuffer());
		const printMs = Date.now() - t0;
		expect(res.status).toBe(200);
		expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="bang-khen-tat-ca/);
		expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
		const printed = await awardsOf();
		const seqs = printed.map((a) => a.registerSeq).sort((x, y) => x! - y!);
		expect(seqs).toEqual(Array.from({ length: AWARDS }, (_, i) => i + 1));
		expect(new Set(printed.map((a) => a.registerNumber)).size).toBe(AWARDS);
		// Numbers already given do not change when printed again.
		if (assigned) expect(printed.map((a) => a.registerNumber)).toEqual(afterKill.map((a) => a.registerNumber));
		const again = await fetch(`${app.url}/api/v1/events/${certEvent}/certificates/pdf`, { headers: auth() });
		await again.arrayBuffer();
		expect((await awardsOf()).map((a) => a.registerNumber)).toEqual(printed.map((a) => a.registerNumber));
		console.log(`${AWARDS} bằng khen: giết máy chủ ${killedAfter} ms sau khi yêu cầu in (${pg ? 'giữa câu lệnh cấp số vào sổ' : 'sau khi cấp số, lúc đang vẽ các trang'}); sau khởi động lại ${assigned} số đã cấp; in lại ${Math.round(bytes.length / 1024)} KB trong ${printMs} ms, số 001…${AWARDS} không trùng.`);
	}, 180_000);
});

describe('SIGKILL during an offline sync', () => {
	it('answers a resent queue scan by scan, one check-in per delegate, none lost, the earliest time kept', async () => {
		const now = Date.now();
		// Device B scanned the first 100 delegates ten minutes before device A scanned everyone.
		const b = syncIds.slice(0, SYNC_TWICE).map((id, i) => ({ delegateId: id, nonce: `sync-b-${String(i).padStart(4, '0')}`, deviceId: 'door-phone-bbbb', deviceLabel: 'Cửa phụ', clientTime: new Date(now - 3600_000 + i * 1000).toISOString() }));
		const a = syncIds.map((id, i) => ({ delegateId: id, nonce: `sync-a-${String(i).padStart(4, '0')}`, deviceId: 'door-phone-aaaa', deviceLabel: 'Cửa chính', clientTime: new Date(now - 3000_000 + i * 1000).toISOString() }));
		const items = [...a, ...b];
		const earliest = new Map<number, string>();
		for (const it of items) if (!earliest.has(it.delegateId) || it.clientTime < earliest.get(it.delegateId)!) earliest.set(it.delegateId, it.clientTime);
		const url = `/api/v1/events/${syncEvent}/checkin/sync`;

		const first = fetch(app.url + url, { method: 'POST', headers: { ...auth(), 'content-type': 'application/json' }, body: JSON.stringify({ items }) }).catch((e: Error) => e);
		// Every scan is its own transaction: kill once about a third of the scans are in (PostgreSQL: counted
		// through the API; PGlite: its WAL written once per commit).
		if (pg)
			await until('một phần ba lượt quét', async () => (await apiJson('GET', `/api/v1/events/${syncEvent}/checkin/counts`)).body.present >= SYNC_DELEGATES / 3, 60_000, 10);
		else await walWrites(Math.round(items.length / 3));
		await app.kill('SIGKILL');
		expect(await first).toBeInstanceOf(Error);
		await app.restart();
		const afterRestart = (await apiJson('GET', `/api/v1/events/${syncEvent}/checkin/counts`)).body.present;
		expect(afterRestart).toBeGreaterThan(0);
		expect(afterRestart).toBeLessThan(SYNC_DELEGATES);

		// The device did not get an answer, so it sends the same queue again.
		const resent = await apiJson('POST', url, { items });
		expect(resent.status).toBe(200);
		const results = resent.body.results as { nonce: string; result: { code: string; replayed?: boolean; checkIn?: { at: string } } }[];
		expect(results).toHaveLength(items.length);
		const codes = new Map(results.map((r) => [r.nonce, r.result.code]));
		// B's scans came first in time: each let its delegate in; A's scans of those 100 found them already in.
		for (const it of b) expect(codes.get(it.nonce)).toBe('ok');
		for (const [i, it] of a.entries()) expect(codes.get(it.nonce), it.nonce).toBe(i < SYNC_TWICE ? 'already_checked_in' : 'ok');
		const replayed = results.filter((r) => r.result.replayed).length;
		expect(replayed).toBeGreaterThan(0);

		// Exactly one check-in per delegate, at the earliest scan's time; every nonce logged once.
		expect((await apiJson('GET', `/api/v1/events/${syncEvent}/checkin/counts`)).body.present).toBe(SYNC_DELEGATES);
		const again = await apiJson('POST', url, { items });
		expect(again.body.results.every((r: { result: { replayed?: boolean } }) => r.result.replayed)).toBe(true);
		// PGlite is one process: read the database with the server stopped (gracefully), then start it again.
		if (!pg) await app.kill('SIGTERM');
		const rows = await withDb(app, async (d) => {
			const checkIns = await d.db.selectFrom('check_in').select(['delegate_id', 'checked_in_at']).where('event_id', '=', syncEvent).where('undone_at', 'is', null).execute();
			const scans = await d.db.selectFrom('checkin_scan').select(['nonce']).where('event_id', '=', syncEvent).execute();
			return { checkIns, scans };
		});
		expect(rows.checkIns).toHaveLength(SYNC_DELEGATES);
		expect(new Set(rows.checkIns.map((c) => c.delegate_id)).size).toBe(SYNC_DELEGATES);
		for (const c of rows.checkIns) expect(c.checked_in_at.toISOString(), `đại biểu ${c.delegate_id}`).toBe(earliest.get(c.delegate_id));
		expect(rows.scans).toHaveLength(items.length);
		if (!pg) await app.restart();
		console.log(`Đồng bộ ${items.length} lượt quét ngoại tuyến: giết máy chủ giữa chừng (sau khởi động lại ${afterRestart} đại biểu đã vào); gửi lại cùng hàng đợi: ${replayed} lượt trả lời lại như lần đầu, ${SYNC_DELEGATES} đại biểu mỗi người một lượt check-in, giờ sớm nhất được giữ.`);
	}, 180_000);
});
