/**
 * The database goes away and comes back, against the built server as a real process.
 *
 * - PostgreSQL: the app reaches the server through a TCP proxy (node:net). The proxy cuts every connection and
 *   refuses new ones for a few seconds. Meanwhile pages answer a Vietnamese 503 page, the API answers
 *   {error:{code:'database_unavailable'}} with Retry-After, form actions and client navigations get the same
 *   code, and the process stays up. When the proxy listens again everything works without a restart:
 *   sessions, writes, LISTEN/NOTIFY (a check-in reaches a live stream), the mail worker. The time from the
 *   database's return to the first successful request is measured.
 * - PGlite (in-process, it cannot "go away"): the embedded database survives a SIGKILL — a write answered
 *   201 just before the kill is there after the restart, and the restart takes over the dead process's
 *   folder lock by itself (no manual cleanup), while a live owner is still refused.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApp, client } from '../../helpers/server';
import { testDatabase } from '../../helpers/db';
import { newEventWorld, newMember } from '../../helpers/factories';
import { startSmtp, type TestSmtp } from '../../helpers/smtp';
import type { Database_ } from '../../../src/lib/server/db';
import { config } from '../../../src/lib/server/config';
import { insertDelegates } from '../../../src/lib/server/delegates/repository';
import { delegateToken, personalLink } from '../../../src/lib/server/delegates/token';
import { createSession, generateSessionToken, SESSION_COOKIE } from '../../../src/lib/server/auth/session';
import { issueApiToken } from '../../../src/lib/server/auth/api-token';
import { saveSmtpSettings } from '../../../src/lib/server/mail/transport';
import { TcpProxy, answers, openStream, sleep, until, type StartedApp } from './faults-helpers';

const pg = inject('dbKind') === 'postgres';
const SECRET = config().appSecret;
const OUTAGE_MS = 4000;

interface World {
	eventId: number;
	tierId: number;
	ids: number[];
	cookie: string;
	receptionCookie: string;
	apiToken: string;
}

async function seed(d: Database_, smtpPort: number | null): Promise<World> {
	const w = await newEventWorld(d.db, { startsAt: new Date(Date.now() + 10 * 86400_000) });
	const rows = await d.db.transaction().execute((tx) =>
		insertDelegates(
			tx,
			Array.from({ length: 6 }, (_, i) => ({
				event_id: w.eventId,
				tier_id: w.tiers[0].id,
				kind: 'person' as const,
				salutation: 'Ông' as const,
				full_name: `Phạm Văn Mất Mạng ${i + 1}`,
				position: 'Giám đốc',
				unit: `Sở thứ ${i + 1}`,
				email: `matmang${i + 1}@tinh.gov.vn`,
				source: 'manual' as const
			}))
		)
	);
	const reception = await newMember(d.db, w.org.id, 'reception');
	const token = generateSessionToken();
	await createSession(d.db, token, w.admin.user.id);
	const rtoken = generateSessionToken();
	await createSession(d.db, rtoken, reception.user.id);
	if (smtpPort)
		await saveSmtpSettings(d.db, w.org.id, { host: '127.0.0.1', port: smtpPort, security: 'none', user: null, password: null, from: 'Văn phòng <vp@tinh.gov.vn>', allowSelfSigned: false }, null);
	return {
		eventId: w.eventId,
		tierId: w.tiers[0].id,
		ids: rows.map((r) => r.id),
		cookie: `${SESSION_COOKIE}=${token}`,
		receptionCookie: `${SESSION_COOKIE}=${rtoken}`,
		apiToken: (await issueApiToken(d.db, { userId: w.admin.user.id, name: 'mất mạng', createdBy: null })).token
	};
}

// One of the two runs, by the database of this run (no skipped test on either).
if (pg) describe('the database goes away and comes back (PostgreSQL behind a TCP proxy)', () => {
	let direct: Database_ & { url: string | null };
	let proxy: TcpProxy;
	let app: StartedApp;
	let smtp: TestSmtp;
	let w: World;

	beforeAll(async () => {
		smtp = await startSmtp();
		direct = await testDatabase();
		w = await seed(direct, smtp.port);
		const target = new URL(direct.url!);
		proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
		await proxy.start();
		const viaProxy = new URL(direct.url!);
		viaProxy.hostname = '127.0.0.1';
		viaProxy.port = String(proxy.port);
		app = await startApp({ shared: { url: viaProxy.toString(), dataDir: null }, env: { APP_SECRET: SECRET } });
	}, 120_000);
	afterAll(async () => {
		await app?.stop();
		await proxy?.close();
		await smtp?.close();
		await direct?.close();
	});

	it('answers 503 database_unavailable in Vietnamese while it is away, stays up, and recovers without a restart', async () => {
		const c = client(app, w.cookie);
		const bearer = { authorization: `Bearer ${w.apiToken}` };
		const replyPath = `/r/${delegateToken(w.ids[0], 1, SECRET)}`;
		expect((await c.get('/events')).status).toBe(200);
		expect((await c.get(`/api/v1/events/${w.eventId}`, bearer)).status).toBe(200);
		// A live check-in stream opened before the outage.
		const before = await openStream(`${app.url}/api/v1/events/${w.eventId}/checkin/stream`, { cookie: w.cookie });
		await before.waitFor((e) => e.event === 'hello');

		await proxy.cut();
		const cutAt = Date.now();
		const timings: number[] = [];
		const timed = async (p: Promise<Response>) => {
				const t0 = Date.now();
			const r = await p;
			timings.push(Date.now() - t0);
			return r;
		};

		// A page with a session: the Vietnamese 503 page.
		const page = await timed(c.get('/events'));
		expect(page.status).toBe(503);
		expect(page.headers.get('retry-after')).toBe('5');
		expect(page.headers.get('content-type')).toContain('text/html');
		const html = await page.text();
		expect(html).toContain('Tạm thời không truy cập được');
		expect(html).toContain('Tạm thời không kết nối được cơ sở dữ liệu');
		// The public reply page and the login page (no session).
		for (const p of [replyPath, '/login']) {
			const r = await timed(fetch(app.url + p, { headers: { accept: 'text/html' } }));
			expect(r.status, p).toBe(503);
			expect(await r.text()).toContain('Tạm thời không kết nối được cơ sở dữ liệu');
		}
		// The API, by token and by session: JSON with a code.
		for (const r of [await timed(c.get(`/api/v1/events/${w.eventId}`, bearer)), await timed(c.get('/api/v1/events'))]) {
			expect(r.status).toBe(503);
			expect(r.headers.get('retry-after')).toBe('5');
			expect(await r.json()).toMatchObject({ error: { code: 'database_unavailable', message: expect.stringContaining('cơ sở dữ liệu') } });
		}
		// A form action sent by an enhanced form, and a client-side navigation's data request.
		const action = await timed(
			fetch(`${app.url}/login`, {
				method: 'POST',
				headers: { origin: app.url, accept: 'application/json', 'x-sveltekit-action': 'true', 'content-type': 'application/x-www-form-urlencoded' },
				body: 'email=a%40b.vn&password=x'
			})
		);
		expect(action.status).toBe(503);
		expect(await action.json()).toMatchObject({ type: 'error', error: { code: 'database_unavailable' } });
		const data = await timed(c.get(`/events/${w.eventId}/__data.json`));
		expect(data.status).toBe(503);
		expect(await data.json()).toMatchObject({ code: 'database_unavailable' });
		// A write through the API: refused with the same code, nothing half-done.
		const write = await timed(c.json('POST', `/api/v1/events/${w.eventId}/checkin/scan`, { token: personalLink(delegateToken(w.ids[1], 1, SECRET)), nonce: 'outage-nonce-0001', deviceId: 'door-device-01' }, { cookie: w.receptionCookie }));
		expect(write.status).toBe(503);
		// Every answer came at once (connections are refused, not hanging), and the process is still up.
		expect(Math.max(...timings)).toBeLessThan(3000);
		expect(await answers(app.url)).toBe(true);

		// The database comes back after a few seconds.
		await sleep(Math.max(0, OUTAGE_MS - (Date.now() - cutAt)));
		await proxy.restore();
		const backAt = Date.now();
		await until('API trả lời lại', async () => (await c.get(`/api/v1/events/${w.eventId}`, bearer)).status === 200, 30_000, 50);
		const recoveryMs = Date.now() - backAt;
		expect(recoveryMs).toBeLessThan(5000);

		// Everything works again without a restart: pages, the session, a write, NOTIFY to a new stream and the old one.
		expect((await c.get('/events')).status).toBe(200);
		expect((await fetch(app.url + replyPath)).status).toBe(200);
		const after = await openStream(`${app.url}/api/v1/events/${w.eventId}/checkin/stream`, { cookie: w.cookie });
		try {
			await after.waitFor((e) => e.event === 'hello');
			// LISTEN comes back by itself (postgres.js re-subscribes within its reconnect backoff, ≤ 2 s here); a
			// notification sent before that is not heard, so the door scans a new arrival every 0.5 s until a
			// stream shows one. The live pages also poll every 30 s, which covers that gap.
			let k = 1;
			const scanNext = async () => {
				const r = await c.json('POST', `/api/v1/events/${w.eventId}/checkin/scan`, { token: personalLink(delegateToken(w.ids[k], 1, SECRET)), nonce: `outage-nonce-000${k}`, deviceId: 'door-device-01' }, { cookie: w.receptionCookie });
				expect(r.status).toBe(200);
				expect((await r.json()).code).toBe('ok');
				k++;
			};
			await scanNext();
			const notifyMs = await until(
				'thông báo check-in tới luồng',
				async () => {
					if (after.events.some((e) => e.event === 'checkin')) return Date.now() - backAt;
					if (k < w.ids.length) await scanNext();
					return null;
				},
				15_000,
				500
			);
			// The stream opened before the outage hears it too, and was told first that check-ins made while this
			// server's LISTEN was down were not streamed (`resync`: the page fetches the counts again at once).
			await before.waitFor((e) => e.event === 'checkin');
			const resync = before.events.findIndex((e) => e.event === 'resync');
			expect(resync).toBeGreaterThan(0);
			expect(resync).toBeLessThan(before.events.findIndex((e) => e.event === 'checkin'));
			// The mail worker drains again: a round queued after the outage is sent.
			const round = await c.json('POST', `/api/v1/events/${w.eventId}/invitations/rounds`, {}, { ...bearer, 'idempotency-key': 'after-outage-round-01' });
			expect(round.status).toBe(201);
			await smtp.waitFor(w.ids.length, 30_000);
			const out = app.output();
			expect(out).toMatch(/Mất kết nối cơ sở dữ liệu \(ECONNREFUSED|Mất kết nối cơ sở dữ liệu \(CONNECTION_CLOSED/);
			expect(out).toMatch(/Đã kết nối lại cơ sở dữ liệu sau [\d.]+ s/);
			// One line when it starts and one when it ends: no stack trace per request, no token in the log.
			expect(out).not.toContain('lỗi API');
			expect(out).not.toContain(delegateToken(w.ids[0], 1, SECRET));
			console.log(
				`Cơ sở dữ liệu mất ${OUTAGE_MS / 1000} s: mọi yêu cầu trả 503 trong ≤ ${Math.max(...timings)} ms; ` +
					`trả lời lại ${recoveryMs} ms sau khi cơ sở dữ liệu trở lại (không khởi động lại); LISTEN nghe lại thông báo check-in ${notifyMs} ms sau khi cơ sở dữ liệu trở lại; ` +
					`proxy đã nhận ${proxy.connections} kết nối.`
			);
		} finally {
			after.close();
			before.close();
		}
	}, 120_000);
});

else describe('the embedded database after a SIGKILL (PGlite)', () => {
	let app: StartedApp;
	let w: World;

	beforeAll(async () => {
		app = await startApp({ env: { APP_SECRET: SECRET }, prepare: async (d) => void (w = await seed(d, null)) });
	}, 120_000);
	afterAll(async () => app?.stop());

	it('keeps a write answered just before the kill and takes over the dead process’s folder lock at restart', async () => {
		const c = client(app, w.cookie);
		const lockPath = path.join(app.dataDir!, 'pglite.lock');
		const owner = Number(fs.readFileSync(lockPath, 'utf8'));
		expect(owner).toBeGreaterThan(0);
		// A write answered 201, then the process is killed at once.
		const created = await c.json('POST', `/api/v1/events/${w.eventId}/delegates`, { tierId: w.tierId, fullName: 'Lê Thị Kịp Ghi', position: 'Chuyên viên', unit: 'Văn phòng' });
		expect(created.status).toBe(201);
		await app.kill('SIGKILL');
		// The dead process's lock is still there: nobody cleaned up.
		expect(fs.readFileSync(lockPath, 'utf8')).toBe(String(owner));
		const t0 = Date.now();
		await app.restart();
		const restartMs = Date.now() - t0;
		const newOwner = Number(fs.readFileSync(lockPath, 'utf8'));
		expect(newOwner).not.toBe(owner);
		const list = await (await c.get(`/api/v1/events/${w.eventId}/delegates?q=${encodeURIComponent('Kịp Ghi')}`)).json();
		expect(JSON.stringify(list)).toContain('Lê Thị Kịp Ghi');
		// A live owner is still refused (two processes on one folder would lose writes).
		await expect(startApp({ shared: { url: null, dataDir: app.dataDir } })).rejects.toThrow(/đang được tiến trình \d+ sử dụng/);
		expect((await c.get('/events')).status).toBe(200);
		console.log(`PGlite sau SIGKILL: khởi động lại ${restartMs} ms, tự nhận khóa thư mục của tiến trình đã chết (${owner} → ${newOwner}), dữ liệu vừa ghi còn nguyên.`);
	}, 120_000);
});
