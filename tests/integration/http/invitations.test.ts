/**
 * Invitations over HTTP against the built server (a real process): the API sends a round through a real
 * SMTP server; the server is killed (SIGKILL) while mails are flowing and restarted. No delegate receives
 * two invitations and no message is lost silently: each ends 'sent' or 'uncertain' (shown, not resent).
 * Then the public reply page: same-origin forms, forged tokens, substitution, and the API for replies.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { strFromU8, unzipSync } from 'fflate';
import { startApp, client, type App } from '../../helpers/server';
import { newEventWorld } from '../../helpers/factories';
import { startSmtp, type TestSmtp } from '../../helpers/smtp';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { issueApiToken } from '../../../src/lib/server/auth/api-token';
import { insertDelegates } from '../../../src/lib/server/delegates/repository';
import { delegateToken } from '../../../src/lib/server/delegates/token';
import { saveSmtpSettings } from '../../../src/lib/server/mail/transport';
import { HANDED_MARK } from '../../../src/lib/server/mail/worker';
import { SERVER_SECRET, useServerSecret } from './invitations-matrix';
import { until, withDb, type StartedApp } from './faults-helpers';

/**
 * An SMTP server that holds each message `delayMs` after reading it before answering 250: a mail can be
 * received by the server while the sender (killed meanwhile) never learns it was accepted.
 */
async function startSlowSmtp(delayMs: number): Promise<TestSmtp> {
	const received: ParsedMail[] = [];
	const server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		logger: false,
		disableReverseLookup: true,
		size: 30 * 1024 * 1024,
		onData(stream, _session, cb) {
			simpleParser(stream)
				.then((mail) => {
					received.push(mail);
					setTimeout(() => cb(), delayMs);
				})
				.catch(cb);
		}
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		port: (server.server.address() as AddressInfo).port,
		received,
		rejectPermanent: new Set(),
		rejectTransient: new Map(),
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
		async waitFor(n, timeoutMs = 30_000) {
			await until(`${n} thư`, async () => received.length >= n, timeoutMs, 50);
		}
	};
}

describe.each([
	{ when: 'while letters are being rendered', smtpDelayMs: 0, waitMs: 120 },
	{ when: 'during SMTP transactions', smtpDelayMs: 400, waitMs: 0 }
])('a round survives a crash of the server $when', ({ smtpDelayMs, waitMs }) => {
	let app: StartedApp;
	let smtp: TestSmtp;
	let eventId = 0;
	let token = '';
	const N = 150;

	beforeAll(async () => {
		smtp = smtpDelayMs ? await startSlowSmtp(smtpDelayMs) : await startSmtp();
		app = await startApp({
			prepare: async (d) => {
				const w = await newEventWorld(d.db, { startsAt: new Date(Date.now() + 20 * 86400_000) });
				eventId = w.eventId;
				await saveSmtpSettings(d.db, w.org.id, { host: '127.0.0.1', port: smtp.port, security: 'none', user: null, password: null, from: 'Văn phòng UBND tỉnh <vanphong@tinh.gov.vn>', allowSelfSigned: false }, null);
				await d.db.transaction().execute((tx) =>
					insertDelegates(
						tx,
						Array.from({ length: N }, (_, i) => ({
							event_id: w.eventId,
							tier_id: w.tiers[i % w.tiers.length].id,
							kind: 'person' as const,
							salutation: i % 2 ? ('Bà' as const) : ('Ông' as const),
							full_name: `Trần Thị Đại Biểu ${i + 1}`,
							position: 'Phó Giám đốc',
							unit: `Sở Nội vụ ${i + 1}`,
							email: `db${i + 1}@tinh.gov.vn`,
							protocol_rank: 100 + i,
							source: 'manual' as const
						}))
					)
				);
				token = (await issueApiToken(d.db, { userId: w.admin.user.id, name: 'thử gửi', createdBy: null })).token;
			}
		});
	}, 120_000);
	afterAll(async () => {
		await app?.stop();
		await smtp?.close();
	});

	it('sends each invitation at most once across a SIGKILL and a restart, and loses none silently', async () => {
		const c = client(app);
		const auth = { authorization: `Bearer ${token}`, 'idempotency-key': 'crash-test-round-0001' };
		const res = await c.json('POST', `/api/v1/events/${eventId}/invitations/rounds`, {}, auth);
		expect(res.status).toBe(201);
		expect(await res.json()).toMatchObject({ queued: N, repeated: false });
		// Kill the server while mails are flowing (the letters are rendered at sending time).
		await until('thư đầu tiên', async () => smtp.received.length >= 20, 60_000, 10);
		// Either a little later (the worker has claimed its next mails and renders their letters), or at once
		// (with the slow server, mails are received but not yet acknowledged).
		if (waitMs) await new Promise((r) => setTimeout(r, waitMs));
		await app.kill('SIGKILL');
		const atKill = smtp.received.length;
		expect(atKill).toBeLessThan(N);
		// On PostgreSQL other instances may hold live claims, so a dead worker's claims are taken back when they
		// expire (2 minutes): the test lets them expire instead of waiting. The embedded database has one process
		// per folder, so the restarted server takes them back at once by itself: nothing is edited there.
		const { sending, handed } = await withDb(app, async (d) => {
			const rows = await d.db.selectFrom('mail_message').select(['id', 'status', 'claim_token']).where('event_id', '=', eventId).execute();
			if (d.kind === 'postgres') await sql`update mail_message set locked_until = now() - interval '1 second' where status = 'sending'`.execute(d.db);
			else expect((await sql<{ n: number }>`select count(*)::int as n from mail_message where status = 'sending' and locked_until < now()`.execute(d.db)).rows[0].n).toBe(0);
			const s = rows.filter((r) => r.status === 'sending');
			return { sending: s.length, handed: s.filter((r) => r.claim_token?.endsWith(HANDED_MARK)).length };
		});
		await app.restart();
		// The same request again after the restart (a client retrying) queues nothing.
		const again = await c.json('POST', `/api/v1/events/${eventId}/invitations/rounds`, {}, auth);
		expect(await again.json()).toMatchObject({ queued: 0, repeated: true });
		const final = await until(
			'mọi thư kết thúc',
			async () => {
				const r = await c.get(`/api/v1/events/${eventId}/invitations/rounds`, { authorization: `Bearer ${token}` });
				const body = (await r.json()) as { rounds: { progress: { sent: number; failed: number; uncertain: number; waiting: number } }[] };
				const p = body.rounds[0].progress;
				return p.waiting === 0 ? p : null;
			},
			90_000
		);
		await new Promise((r) => setTimeout(r, 300));
		const counts = new Map<string, number>();
		for (const m of smtp.received) {
			const to = (m.to as { value: { address: string }[] }).value[0].address;
			counts.set(to, (counts.get(to) ?? 0) + 1);
		}
		const twice = [...counts].filter(([, n]) => n > 1);
		expect(twice, 'không ai nhận hai giấy mời').toEqual([]);
		expect(final.failed).toBe(0);
		expect(final.sent + final.uncertain).toBe(N);
		// Only mails already handed to the SMTP server when the process died are uncertain; those still being
		// rendered were queued again and sent once.
		expect(final.uncertain).toBe(handed);
		if (smtpDelayMs) expect(handed, 'có thư bị gián đoạn giữa giao dịch SMTP').toBeGreaterThan(0);
		// Every 'sent' mail arrived; an 'uncertain' one may or may not have: it is shown, never resent by itself.
		const mail = await c.get(`/api/v1/events/${eventId}/mail?limit=1000`, { authorization: `Bearer ${token}` });
		const list = (await mail.json()) as { messages: { to: string; status: string; error: string | null }[] };
		expect(list.messages).toHaveLength(N);
		for (const m of list.messages) {
			expect(['sent', 'uncertain']).toContain(m.status);
			if (m.status === 'sent') expect(counts.get(m.to)).toBe(1);
			else expect(m.error).toContain('gián đoạn');
		}
		expect(smtp.received.length).toBeGreaterThanOrEqual(final.sent);
		expect(smtp.received.length).toBeLessThanOrEqual(N);
		console.log(
			`Giết máy chủ sau ${atKill} thư; ${sending} thư đang xử lý (${handed} đã giao cho máy chủ thư → “chưa rõ”, ${sending - handed} chưa giao → xếp lại); ` +
				`cuối cùng ${final.sent} đã gửi, ${final.uncertain} chưa rõ, máy chủ SMTP nhận ${smtp.received.length} thư, không thư nào trùng.`
		);
	}, 240_000);
});

describe('reply page and replies API over HTTP', () => {
	let app: StartedApp;
	let eventId = 0;
	let apiToken = '';
	const ids: number[] = [];

	beforeAll(async () => {
		app = await startApp({
			prepare: async (d) => {
				const w = await newEventWorld(d.db, { startsAt: new Date(Date.now() + 20 * 86400_000) });
				eventId = w.eventId;
				const rows = await d.db.transaction().execute((tx) =>
					insertDelegates(tx, [
						{ event_id: w.eventId, tier_id: w.tiers[0].id, kind: 'person', salutation: 'Bà', full_name: 'Nguyễn Thị Ánh Tuyết', position: 'Giám đốc', unit: 'Sở Tài chính', email: 'tuyet@tinh.gov.vn', source: 'manual' },
						{ event_id: w.eventId, tier_id: w.tiers[0].id, kind: 'person', salutation: 'Ông', full_name: 'Lê Văn Chính', position: 'Giám đốc', unit: 'Sở Y tế', email: null, source: 'manual' }
					])
				);
				ids.push(...rows.map((r) => r.id));
				await useServerSecret(d.db, ids);
				apiToken = (await issueApiToken(d.db, { userId: w.admin.user.id, name: 'api', createdBy: null })).token;
			}
		});
	}, 120_000);
	afterAll(async () => app?.stop());

	const tok = (id: number, v = 1) => delegateToken(id, v, SERVER_SECRET);

	it('shows the personal page with the QR, privately, and 404s a forged token in Vietnamese', async () => {
		const c = client(app);
		const res = await c.get(`/r/${tok(ids[0])}`);
		expect(res.status).toBe(200);
		expect(res.headers.get('cache-control')).toContain('no-store');
		const html = await res.text();
		expect(html).toContain('Bà Nguyễn Thị Ánh Tuyết – Giám đốc Sở Tài chính');
		expect(html).toContain('<svg');
		const t = tok(ids[0]);
		const forged = await c.get(`/r/${(t[0] === 'a' ? 'b' : 'a') + t.slice(1)}`);
		expect(forged.status).toBe(404);
		expect(await forged.text()).toContain('Liên kết không hợp lệ hoặc đã hết hiệu lực');
		const idLike = await c.get(`/r/${ids[0]}`);
		expect(idLike.status).toBe(404);
	});

	it('accepts a same-origin reply, refuses a cross-site one, and shows it in the API', async () => {
		const c = client(app);
		const ok = await c.post(`/r/${tok(ids[0])}?/attend`, {});
		expect(ok.status).toBe(200);
		expect(await ok.text()).toContain('Ban Tổ chức đã nhận xác nhận tham dự');
		const evil = await fetch(`${app.url}/r/${tok(ids[0])}?/decline`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
			body: 'reason=x',
			redirect: 'manual'
		});
		expect(evil.status).toBe(403);
		const r = await c.get(`/api/v1/events/${eventId}/replies`, { authorization: `Bearer ${apiToken}` });
		const body = (await r.json()) as { replies: { delegateId: number; reply: string; via: string }[] };
		expect(body.replies.find((x) => x.delegateId === ids[0])).toMatchObject({ reply: 'attending', via: 'link' });
	});

	it('names a substitute by the page: redirect to their page, old link 404', async () => {
		const c = client(app);
		const res = await c.post(`/r/${tok(ids[0])}?/substitute`, { salutation: 'Ông', fullName: 'Phạm Văn Thay', position: 'Phó Giám đốc', phone: '0905123456', email: 'thay@tinh.gov.vn' });
		expect(res.status).toBe(303);
		const next = res.headers.get('location')!;
		expect(next).toMatch(/^\/r\/[a-z2-7]{32}\?da-cu=1$/);
		const page = await c.get(next);
		expect(page.status).toBe(200);
		const html = await page.text();
		expect(html).toContain('Ông Phạm Văn Thay');
		expect(html).toContain('Đã ghi nhận người dự thay');
		expect((await c.get(`/r/${tok(ids[0])}`)).status).toBe(404);
		const st = await c.get(`/api/v1/events/${eventId}/invitations`, { authorization: `Bearer ${apiToken}` });
		const s = (await st.json()) as { delegates: { id: number; status: string; substituteFor: number | null; needsPlacing: boolean; invitation: { state: string } }[] };
		expect(s.delegates.find((d) => d.id === ids[0])).toMatchObject({ status: 'replaced' });
		expect(s.delegates.find((d) => d.substituteFor === ids[0])).toMatchObject({ status: 'active', needsPlacing: true });
	});

	it('records a phone reply and a substitute through the API, and serves the letters', async () => {
		const c = client(app);
		const auth = { authorization: `Bearer ${apiToken}` };
		const bad = await c.json('POST', `/api/v1/events/${eventId}/replies`, { delegateId: ids[1], status: 'maybe' }, auth);
		expect(bad.status).toBe(400);
		expect((await bad.json()).error.code).toBe('invalid_input');
		const ok = await c.json('POST', `/api/v1/events/${eventId}/replies`, { delegateId: ids[1], status: 'declined', note: 'Đi công tác', via: 'phone' }, auth);
		expect(ok.status).toBe(200);
		const pdf = await c.get(`/api/v1/events/${eventId}/invitations/pdf?filter=no-email`, auth);
		expect(pdf.status).toBe(200);
		expect(pdf.headers.get('content-type')).toBe('application/pdf');
		expect(pdf.headers.get('content-disposition')).toMatch(/^attachment; filename="giay-moi-khong-email-\d{8}\.pdf"/);
		expect(pdf.headers.get('x-letter-count')).toBe('1');
		expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
		const zip = await c.get(`/api/v1/events/${eventId}/invitations/zip`, auth);
		expect(zip.headers.get('content-type')).toBe('application/zip');
		// The same letter as a Word document, for an office that edits it before signing.
		const word = await c.get(`/api/v1/events/${eventId}/invitations/${ids[1]}/docx`, auth);
		expect(word.status).toBe(200);
		expect(word.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
		expect(word.headers.get('content-disposition')).toMatch(/^attachment; filename="giay-moi-le-van-chinh\.docx"/);
		const files = unzipSync(new Uint8Array(await word.arrayBuffer()));
		const xml = strFromU8(files['word/document.xml']);
		expect(xml).toContain('Ông Lê Văn Chính – Giám đốc Sở Y tế');
		expect(xml).toContain(delegateToken(ids[1], 1, SERVER_SECRET));
		expect(Object.keys(files).some((k) => k.startsWith('word/media/'))).toBe(true);
		const all = await c.get(`/api/v1/events/${eventId}/invitations/docx?filter=no-email`, auth);
		expect(all.headers.get('content-disposition')).toMatch(/^attachment; filename="giay-moi-khong-email-\d{8}\.docx"/);
		expect(all.headers.get('x-letter-count')).toBe('1');
		expect((await c.get(`/api/v1/events/${eventId}/invitations/999999/docx`, auth)).status).toBe(404);
		const doc = await (await fetch(`${app.url}/api/v1/openapi.json`)).json();
		expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/events/{eventId}/invitations/rounds', '/events/{eventId}/replies', '/events/{eventId}/mail']));
	});
});
