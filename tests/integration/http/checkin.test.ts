/**
 * Check-in over HTTP against the built server: the scan endpoint (session and API token), 50 concurrent
 * scans of one QR, the roster's caching and rights, offline sync, the live stream (on PostgreSQL across two
 * app instances sharing the database), the report downloads and the service worker.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApp, client, type App } from '../../helpers/server';
import { newEventWorld, newMember } from '../../helpers/factories';
import { inTransaction } from '../../../src/lib/server/db';
import { config } from '../../../src/lib/server/config';
import { insertDelegates } from '../../../src/lib/server/delegates/repository';
import { delegateToken, personalLink } from '../../../src/lib/server/delegates/token';
import { createSession, generateSessionToken, SESSION_COOKIE } from '../../../src/lib/server/auth/session';
import { issueApiToken } from '../../../src/lib/server/auth/api-token';
import { openStream } from './faults-helpers';

const pg = inject('dbKind') === 'postgres';
// The tokens printed in the test are derived with this process's secret; the server must use the same one.
const SECRET = config().appSecret;
let app: Awaited<ReturnType<typeof startApp>>;
let second: App | null = null;
let eventId = 0;
let ids: number[] = [];
const cookies: Record<string, string> = {};
let apiToken = '';

beforeAll(async () => {
	app = await startApp({
		env: { APP_SECRET: SECRET },
		prepare: async (d) => {
			const w = await newEventWorld(d.db);
			eventId = w.eventId;
			await d.db.updateTable('tier').set({ is_leader: true }).where('id', '=', w.tiers[0].id).execute();
			const base = { event_id: eventId, email: null, phone: null, replied_at: null, replied_via: null, substitute_for: null, parent_unit_id: null, salutation: null };
			const rows = await inTransaction(d.db, (tx) =>
				insertDelegates(tx, [
					{ ...base, tier_id: w.tiers[0].id, full_name: 'Nguyễn Thị Hồng', salutation: 'Bà', position: 'Phó Chủ tịch UBND tỉnh', unit: 'UBND tỉnh', seat: 'A-1' },
					...Array.from({ length: 12 }, (_, i) => ({ ...base, tier_id: w.tiers[2].id, full_name: `Đại biểu Xã ${i + 1}`, position: 'Chủ tịch UBND xã', unit: `UBND xã số ${i + 1}` }))
				])
			);
			ids = rows.map((r) => r.id);
			const reception = await newMember(d.db, w.org.id, 'reception');
			const viewer = await newMember(d.db, w.org.id, 'viewer');
			for (const [who, userId] of [
				['admin', w.admin.user.id],
				['reception', reception.user.id],
				['viewer', viewer.user.id]
			] as const) {
				const token = generateSessionToken();
				await createSession(d.db, token, userId);
				cookies[who] = `${SESSION_COOKIE}=${token}`;
			}
			apiToken = (await issueApiToken(d.db, { userId: reception.user.id, name: 'Máy quét cửa chính', createdBy: null })).token;
		}
	});
});
afterAll(async () => {
	await second?.stop();
	await app?.stop();
});

let n = 0;
const nonce = () => `http-${process.pid}-${Date.now().toString(36)}-${++n}`;
const link = (id: number) => personalLink(delegateToken(id, 1, SECRET), 'https://hoinghi.tinh.gov.vn');

function scanBody(token: string, over: Record<string, unknown> = {}) {
	return { token, nonce: nonce(), deviceId: 'door-device-01', deviceLabel: 'Cửa chính', clientTime: new Date().toISOString(), ...over };
}

describe('scan endpoint', () => {
	it('answers every scan with 200 and a code, by session or by API token, and replays a nonce', async () => {
		const c = client(app, cookies.reception);
		const api = `/api/v1/events/${eventId}/checkin`;
		const ok = await c.json('POST', `${api}/scan`, scanBody(link(ids[1])));
		expect(ok.status).toBe(200);
		const okBody = await ok.json();
		expect(okBody).toMatchObject({ code: 'ok', delegate: { name: 'Đại biểu Xã 1' }, checkIn: { device: 'Cửa chính' } });

		const byToken = await fetch(app.url + `${api}/scan`, {
			method: 'POST',
			headers: { authorization: `Bearer ${apiToken}`, 'content-type': 'application/json' },
			body: JSON.stringify(scanBody(link(ids[1]), { deviceId: 'door-device-02', deviceLabel: 'Cửa phụ' }))
		});
		const amber = await byToken.json();
		expect(amber.code).toBe('already_checked_in');
		expect(amber.message).toMatch(/Đã check-in lúc \d\d:\d\d — .* · Cửa chính/);

		const forged = await (await c.json('POST', `${api}/scan`, scanBody(personalLink('a'.repeat(32), 'https://x.vn')))).json();
		expect(forged).toMatchObject({ code: 'invalid_token' });
		const body = scanBody(link(ids[2]));
		const first = await (await c.json('POST', `${api}/scan`, body)).json();
		const again = await (await c.json('POST', `${api}/scan`, body)).json();
		expect(again).toEqual({ ...first, replayed: true });

		const bad = await c.json('POST', `${api}/scan`, { token: 'x' });
		expect(bad.status).toBe(400);
		expect((await bad.json()).error.code).toBe('invalid_input');
		const viewer = await client(app, cookies.viewer).json('POST', `${api}/scan`, scanBody(link(ids[3])));
		expect(viewer.status).toBe(403);
	});

	it('records one check-in for 50 concurrent HTTP scans of one QR', async () => {
		const c = client(app, cookies.reception);
		const results = await Promise.all(
			Array.from({ length: 50 }, (_, i) =>
				c.json('POST', `/api/v1/events/${eventId}/checkin/scan`, scanBody(link(ids[4]), { deviceId: `burst-device-${String(i).padStart(3, '0')}` })).then((r) => r.json())
			)
		);
		expect(results.filter((r) => r.code === 'ok')).toHaveLength(1);
		expect(results.filter((r) => r.code === 'already_checked_in')).toHaveLength(49);
		const att = await (await c.get(`/api/v1/events/${eventId}/checkin/attendance`)).json();
		const row = att.delegates.find((r: { delegate: { id: number } }) => r.delegate.id === ids[4]);
		expect(row.state).toBe('present');
	});
});

describe('offline', () => {
	it('serves the roster to reception only, marked no-store', async () => {
		const res = await client(app, cookies.reception).get(`/api/v1/events/${eventId}/checkin/roster`);
		expect(res.status).toBe(200);
		expect(res.headers.get('cache-control')).toContain('no-store');
		const roster = await res.json();
		expect(roster.delegates).toHaveLength(13);
		expect(roster.delegates[0]).toMatchObject({ name: 'Nguyễn Thị Hồng', h: expect.stringMatching(/^[0-9a-f]{64}$/) });
		expect((await client(app, cookies.viewer).get(`/api/v1/events/${eventId}/checkin/roster`)).status).toBe(403);
	});

	it('syncs a queue: the earliest time wins, one check-in', async () => {
		const c = client(app, cookies.reception);
		const api = `/api/v1/events/${eventId}/checkin`;
		const online = await (await c.json('POST', `${api}/scan`, scanBody(link(ids[5])))).json();
		const earlier = new Date(new Date(online.checkIn.at).getTime() - 4 * 60_000).toISOString();
		const res = await c.json('POST', `${api}/sync`, {
			items: [
				{ token: link(ids[5]), nonce: nonce(), deviceId: 'offline-phone-1', deviceLabel: 'Điện thoại mất mạng', clientTime: earlier },
				{ delegateId: ids[6], nonce: nonce(), deviceId: 'offline-phone-1', deviceLabel: 'Điện thoại mất mạng', clientTime: earlier },
				{ kind: 'refused', token: 'rác', nonce: nonce(), deviceId: 'offline-phone-1', clientTime: earlier, reason: 'không có trong danh sách' }
			]
		});
		expect(res.status).toBe(200);
		const { results } = await res.json();
		expect(results.map((r: { result: { code: string } }) => r.result.code)).toEqual(['ok', 'ok', 'invalid_token']);
		expect(results[0].result.corrected).toEqual({ from: online.checkIn.at, to: earlier });
		const seen = await (await c.json('POST', `${api}/scan`, scanBody(link(ids[5])))).json();
		expect(seen).toMatchObject({ code: 'already_checked_in', checkIn: { at: earlier, device: 'Điện thoại mất mạng' } });
	});
});

describe('live', () => {
	it(pg ? 'streams a check-in made on another instance (PostgreSQL LISTEN/NOTIFY)' : 'streams a check-in as it happens', async () => {
		let scanOn: App = app;
		if (pg) {
			second = await startApp({ shared: { url: app.dbUrl, dataDir: null }, env: { APP_SECRET: SECRET } });
			scanOn = second;
		}
		const stream = await openStream(`${app.url}/api/v1/events/${eventId}/checkin/stream`, { cookie: cookies.admin });
		try {
			expect(stream.res.status).toBe(200);
			expect(stream.res.headers.get('content-type')).toContain('text/event-stream');
			await stream.waitFor((e) => e.event === 'hello');
			const r = await client(scanOn, cookies.reception).json('POST', `/api/v1/events/${eventId}/checkin/scan`, scanBody(link(ids[0])));
			expect((await r.json()).code).toBe('ok');
			const answered = performance.now();
			// The issue's requirement: the other instance's live counts show it within a second.
			const ev = await stream.waitFor((e) => e.event === 'checkin', 1000);
			console.log(`Điểm danh trên ${pg ? 'máy B' : 'máy chủ'} → luồng trực tiếp của máy A sau ${(performance.now() - answered).toFixed(0)} ms`);
			expect(ev.data).toMatchObject({ eventId, delegateId: ids[0], kind: 'checked_in', delegate: { name: 'Nguyễn Thị Hồng', isLeader: true, seat: 'A-1' }, device: 'Cửa chính' });
			const counts = await (await client(app, cookies.viewer).get(`/api/v1/events/${eventId}/checkin/counts`)).json();
			expect(counts.leaders[0]).toMatchObject({ name: 'Nguyễn Thị Hồng', present: true });
		} finally {
			stream.close();
		}
		// The stream is for checkin.view: an anonymous visitor gets 401.
		expect((await fetch(`${app.url}/api/v1/events/${eventId}/checkin/stream`)).status).toBe(401);
	});
});

describe('after the event', () => {
	it('downloads the attendance report as .xlsx and PDF', async () => {
		const c = client(app, cookies.viewer);
		const x = await c.get(`/events/${eventId}/checkin/report.xlsx`);
		expect(x.status).toBe(200);
		expect(x.headers.get('content-disposition')).toMatch(/attachment; filename="bao-cao-diem-danh-\d+-\d{4}-\d\d-\d\d\.xlsx"/);
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load(Buffer.from(await x.arrayBuffer()) as unknown as ArrayBuffer);
		expect(wb.worksheets.map((w) => w.name)).toEqual(['Tổng hợp', 'Điểm danh', 'Vắng mặt', 'Khách không có tên', 'Quét bị từ chối']);
		const names: string[] = [];
		wb.getWorksheet('Điểm danh')!.eachRow((r, i) => {
			if (i > 4) names.push(String(r.getCell(2).value));
		});
		expect(names[0]).toBe('Bà Nguyễn Thị Hồng');
		const refused = wb.getWorksheet('Quét bị từ chối')!;
		expect(refused.rowCount).toBeGreaterThanOrEqual(5);

		const p = await c.get(`/events/${eventId}/checkin/report.pdf`);
		expect(p.status).toBe(200);
		expect(p.headers.get('content-type')).toBe('application/pdf');
		const bytes = Buffer.from(await p.arrayBuffer());
		expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
		const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hn-ci-')), 'r.pdf');
		fs.writeFileSync(file, bytes);
		const text = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
		if (text.status === 0) {
			expect(text.stdout).toContain('DANH SÁCH ĐẠI BIỂU CÓ MẶT');
			expect(text.stdout).toContain('Nguyễn Thị Hồng');
			expect(text.stdout).toContain('DANH SÁCH ĐẠI BIỂU VẮNG MẶT');
		}
	});

	it('serves the scanner’s service worker', async () => {
		const res = await fetch(`${app.url}/service-worker.js`);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toMatch(/javascript/);
		expect(await res.text()).toContain('hn-checkin-assets-');
	});
});
