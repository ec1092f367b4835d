/**
 * Security over HTTP against the built server (a real process whose output is captured):
 * - headers on a page, an API answer, downloads (a stored upload and a generated PDF) and the public pages
 *   /r/…, /u/…, /v/…: CSP with frame-ancestors 'none' and no 'unsafe-inline' for scripts or styles,
 *   Referrer-Policy, nosniff; downloads are attachments and never text/html; an HTML file is refused;
 * - personal links: one delegate's link cannot act for another delegate or another event, altered and
 *   rotated tokens answer 404, one unit's upload link cannot upload or read for another unit or event;
 * - no secret in the server's output: after a login with a wrong then a right password, API calls with a
 *   token, an SMTP password saved and used to send mail, an upload and the reply page, the captured output
 *   (and the audit log) contains none of the passwords, session or API tokens, personal-link tokens;
 * - the public forms (reply page, upload page, login, setup) take random and malformed input without a 5xx
 *   (last: it trips the login throttle).
 */
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, client } from '../../helpers/server';
import { TEST_PASSWORD, eventInput, newEventWorld } from '../../helpers/factories';
import { makePdf } from '../../unit/submissions/fixtures';
import { config } from '../../../src/lib/server/config';
import { createEvent } from '../../../src/lib/server/events/service';
import { insertDelegates } from '../../../src/lib/server/delegates/repository';
import { delegateToken } from '../../../src/lib/server/delegates/token';
import { replyByLink } from '../../../src/lib/server/invitations/replies';
import { parsePerson } from '../../../src/lib/server/invitations/person';
import { inviteUnits, saveCall } from '../../../src/lib/server/submissions/service';
import { addAward, createDecision } from '../../../src/lib/server/awards/service';
import { issueApiToken } from '../../../src/lib/server/auth/api-token';
import { formId } from '../../unit/awards/world';
import { until, type StartedApp } from './faults-helpers';

const SECRET = config().appSecret;
const SMTP_USER = 'hoinghi@tinh.gov.vn';
const SMTP_PASSWORD = 'Smtp-Mat-Khau-Rat-Bi-Mat-7391';
const WRONG_PASSWORD = 'sai-mat-khau-Zq81-khong-duoc-ghi';

let app: StartedApp;
let smtpServer: SMTPServer;
let smtpPort = 0;
const received: string[] = [];
const w = {
	orgId: 0,
	email: '',
	eventId: 0,
	otherEventId: 0,
	apiToken: '',
	person: 0,
	unitA: 0,
	unitB: 0,
	unitC: 0,
	attendeeA: [] as number[],
	attendeeB: 0,
	attendeeC: 0,
	uploadA: '',
	uploadB: '',
	uploadC: '',
	unitBId: 0,
	code: ''
};
const tok = (id: number, v = 1) => delegateToken(id, v, SECRET);

beforeAll(async () => {
	smtpServer = new SMTPServer({
		authMethods: ['PLAIN', 'LOGIN'],
		allowInsecureAuth: true,
		disabledCommands: ['STARTTLS'],
		logger: false,
		disableReverseLookup: true,
		onAuth(auth, _s, cb) {
			if (auth.username === SMTP_USER && auth.password === SMTP_PASSWORD) cb(null, { user: SMTP_USER });
			else cb(Object.assign(new Error('5.7.8 Sai tài khoản'), { responseCode: 535 }));
		},
		onData(stream, session, cb) {
			stream.resume();
			stream.on('end', () => {
				received.push(session.envelope.rcptTo.map((r) => r.address).join(','));
				cb();
			});
		}
	});
	await new Promise<void>((r) => smtpServer.listen(0, '127.0.0.1', r));
	smtpPort = (smtpServer.server.address() as AddressInfo).port;
	app = await startApp({
		env: { APP_SECRET: SECRET },
		prepare: async (d) => {
			const world = await newEventWorld(d.db, { startsAt: new Date(Date.now() + 20 * 86400_000) });
			w.orgId = world.org.id;
			w.email = world.admin.user.email;
			w.eventId = world.eventId;
			w.otherEventId = await createEvent(d.db, world.admin, world.org.id, eventInput({ title: 'Hội nghị khác', startsAt: new Date(Date.now() + 25 * 86400_000) }), { presetKey: 'four_levels_2024' });
			const otherTier = (await d.db.selectFrom('tier').select('id').where('event_id', '=', w.otherEventId).executeTakeFirstOrThrow()).id;
			const t = world.tiers[0].id;
			const [person, unitA, unitB] = await d.db.transaction().execute((tx) =>
				insertDelegates(tx, [
					{ event_id: w.eventId, tier_id: t, kind: 'person', salutation: 'Bà', full_name: 'Nguyễn Thị Riêng Tư', position: 'Giám đốc', unit: 'Sở Tư pháp', email: 'riengtu@tinh.gov.vn', source: 'manual' },
					{ event_id: w.eventId, tier_id: t, kind: 'unit', addressed_to: 'Lãnh đạo Sở Tài chính', unit: 'Sở Tài chính', places: 3, source: 'manual' },
					{ event_id: w.eventId, tier_id: t, kind: 'unit', addressed_to: 'Lãnh đạo Sở Y tế', unit: 'Sở Y tế', places: 2, source: 'manual' }
				])
			);
			const [unitC] = await d.db.transaction().execute((tx) =>
				insertDelegates(tx, [{ event_id: w.otherEventId, tier_id: otherTier, kind: 'unit', addressed_to: 'Lãnh đạo Sở Xây dựng', unit: 'Sở Xây dựng', places: 2, source: 'manual' }])
			);
			Object.assign(w, { person: person.id, unitA: unitA.id, unitB: unitB.id, unitC: unitC.id });
			for (const [unit, name] of [
				[unitA.id, 'Ông Phạm Văn Một'],
				[unitA.id, 'Bà Võ Thị Hai'],
				[unitB.id, 'Ông Lý Văn Ba'],
				[unitC.id, 'Bà Đỗ Thị Bốn']
			] as const)
				await replyByLink(d.db, tok(unit), { action: 'add_attendee', person: parsePerson({ fullName: name, position: 'Phó Giám đốc' }) }, null);
			const attendees = await d.db.selectFrom('delegate').select(['id', 'parent_unit_id']).where('parent_unit_id', 'is not', null).orderBy('id').execute();
			w.attendeeA = attendees.filter((a) => a.parent_unit_id === unitA.id).map((a) => a.id);
			w.attendeeB = attendees.find((a) => a.parent_unit_id === unitB.id)!.id;
			w.attendeeC = attendees.find((a) => a.parent_unit_id === unitC.id)!.id;
			// Tham luận: two units of this event, one of the other.
			const call = { guidance: 'Nêu cách làm hay', deadline: new Date(Date.now() + 15 * 86400_000), acceptPdf: true, acceptDocx: true, maxSizeMb: 20, expectedLength: '', speakingMinutes: 7 };
			await saveCall(d.db, world.admin, w.eventId, call);
			await saveCall(d.db, world.admin, w.otherEventId, call);
			const [sa, sb] = await inviteUnits(d.db, world.admin, w.eventId, { units: [{ name: 'UBND xã An', email: null, contactName: '' }, { name: 'UBND xã Bình', email: null, contactName: '' }] });
			const [sc] = await inviteUnits(d.db, world.admin, w.otherEventId, { units: [{ name: 'UBND xã Cường', email: null, contactName: '' }] });
			w.uploadA = sa.link.split('/u/')[1];
			w.uploadB = sb.link.split('/u/')[1];
			w.uploadC = sc.link.split('/u/')[1];
			w.unitBId = sb.unitId;
			// A certificate for /v/CODE.
			const dec = await createDecision(d.db, world.admin, w.eventId, { number: '77/QĐ-UBND', decisionDate: '2025-08-19', formId: await formId(d.db, 'bk_tinh') });
			await addAward(d.db, world.admin, w.eventId, dec, { kind: 'collective', name: 'Hội Nông dân xã An' });
			w.code = (await d.db.selectFrom('award').select('verification_code').where('event_id', '=', w.eventId).executeTakeFirstOrThrow()).verification_code;
			w.apiToken = (await issueApiToken(d.db, { userId: world.admin.user.id, name: 'khóa bảo mật', createdBy: null })).token;
		}
	});
}, 120_000);
afterAll(async () => {
	await app?.stop();
	await new Promise((r) => smtpServer?.close(() => r(null)));
});

const bearer = () => ({ authorization: `Bearer ${w.apiToken}` });

/** A browser's multipart post to a form action. */
function postMultipart(path: string, fields: Record<string, string>, file?: { bytes: Uint8Array; name: string; type?: string }) {
	const body = new FormData();
	for (const [k, v] of Object.entries(fields)) body.append(k, v);
	if (file) body.set('file', new Blob([Buffer.from(file.bytes)], { type: file.type ?? 'application/pdf' }), file.name);
	return fetch(app.url + path, { method: 'POST', body, headers: { origin: app.url, accept: 'text/html' }, redirect: 'manual', signal: AbortSignal.timeout(15_000) });
}
function postForm(path: string, fields: Record<string, string> | [string, string][]) {
	return fetch(app.url + path, {
		method: 'POST',
		body: new URLSearchParams(fields),
		headers: { origin: app.url, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
		redirect: 'manual',
		signal: AbortSignal.timeout(15_000)
	});
}

/** The CSP of a response as a map of directive → sources. */
function csp(res: Response): Map<string, string[]> {
	const h = res.headers.get('content-security-policy');
	expect(h, `${res.url}: Content-Security-Policy`).toBeTruthy();
	return new Map(
		h!
			.split(';')
			.map((d) => d.trim().split(/\s+/))
			.filter((p) => p[0])
			.map((p) => [p[0], p.slice(1)])
	);
}

function expectStrictPage(res: Response) {
	const p = csp(res);
	expect(p.get('frame-ancestors')).toEqual(["'none'"]);
	expect(p.get('script-src')).not.toContain("'unsafe-inline'");
	expect(p.get('script-src')).not.toContain("'unsafe-eval'");
	expect(p.get('style-src')).not.toContain("'unsafe-inline'");
	expect(p.get('style-src-attr') ?? []).not.toContain("'unsafe-inline'");
	expect(p.get('object-src')).toEqual(["'none'"]);
	expect(p.get('base-uri')).toEqual(["'self'"]);
	expect(p.get('form-action')).toEqual(["'self'"]);
	expect(res.headers.get('referrer-policy')).toBe('same-origin');
	expect(res.headers.get('x-content-type-options')).toBe('nosniff');
	expect(res.headers.get('x-frame-options')).toBe('DENY');
}

describe('security headers', () => {
	it('on pages, public pages, the API and downloads', async () => {
		const c = client(app);
		expect((await c.post('/login', { email: w.email, password: TEST_PASSWORD })).status).toBe(303);
		for (const p of ['/login', '/events', `/events/${w.eventId}`, `/r/${tok(w.person)}`, `/u/${w.uploadA}`, `/v/${w.code}`]) {
			const res = p === '/login' ? await fetch(app.url + p) : await c.get(p);
			expect(res.status, p).toBe(200);
			expect(res.headers.get('content-type'), p).toContain('text/html');
			expectStrictPage(res);
			// Scripts run only with the page's nonce or hash: no inline handler attributes, no javascript: URLs.
			const html = await res.text();
			expect(html).not.toMatch(/\son[a-z]+=["']/i);
			expect(html).not.toContain('javascript:');
			expect(html, `${p}: no inline style attribute`).not.toMatch(/<[^>]+\sstyle=["']/i);
			if (p.startsWith('/r/') || p.startsWith('/u/')) expect(res.headers.get('cache-control'), p).toContain('no-store');
		}
		// The API: JSON, not cached, nosniff, and a CSP that renders nothing.
		const api = await fetch(`${app.url}/api/v1/events/${w.eventId}`, { headers: bearer() });
		expect(api.status).toBe(200);
		expect(api.headers.get('content-type')).toContain('application/json');
		expect(api.headers.get('cache-control')).toContain('no-store');
		expect(api.headers.get('x-content-type-options')).toBe('nosniff');
		expect(api.headers.get('referrer-policy')).toBe('same-origin');
		expect(csp(api).get('default-src')).toEqual(["'none'"]);
		expect(csp(api).get('frame-ancestors')).toEqual(["'none'"]);
		// A generated PDF: an attachment, nosniff.
		const pdf = await fetch(`${app.url}/api/v1/events/${w.eventId}/certificates/pdf?kind=calibration`, { headers: bearer() });
		expect(pdf.status).toBe(200);
		expect(pdf.headers.get('content-type')).toBe('application/pdf');
		expect(pdf.headers.get('content-disposition')).toMatch(/^attachment; /);
		expect(pdf.headers.get('x-content-type-options')).toBe('nosniff');
		await pdf.arrayBuffer();
	});

	it('stores an upload and serves it back as an attachment, never as HTML; refuses an HTML file', async () => {
		const meta = { title: 'Xã An chung sức', presenterName: 'Nguyễn Văn An', presenterPosition: 'Chủ tịch UBND xã', summary: '' };
		const html = new TextEncoder().encode('<!doctype html><html><body><script>alert(document.cookie)</script></body></html>');
		for (const [name, type] of [
			['tham-luan.pdf', 'application/pdf'],
			['tham-luan.html', 'text/html'],
			['tham-luan.svg', 'image/svg+xml']
		]) {
			const r = await postMultipart(`/u/${w.uploadA}?/upload`, meta, { bytes: html, name, type });
			expect(r.status, name).toBeGreaterThanOrEqual(400);
			expect(r.status, name).toBeLessThan(500);
		}
		const ok = await postMultipart(`/u/${w.uploadA}?/upload`, meta, { bytes: await makePdf({ label: 'Xã An' }), name: 'Tham luận xã An.pdf' });
		expect(ok.status).toBe(200);
		const page = await (await fetch(`${app.url}/u/${w.uploadA}`)).text();
		const href = /href="(\/u\/[a-z2-7]+\/versions\/\d+)"/.exec(page)![1];
		const file = await fetch(app.url + href);
		expect(file.status).toBe(200);
		expect(file.headers.get('content-type')).toBe('application/pdf');
		expect(file.headers.get('content-disposition')).toMatch(/^attachment; filename="Tham luan xa An\.pdf"/);
		expect(file.headers.get('x-content-type-options')).toBe('nosniff');
		expect(csp(file).get('sandbox')).toEqual([]);
		expect(csp(file).get('default-src')).toEqual(["'none'"]);
		await file.arrayBuffer();
	});
});

describe('personal links', () => {
	it('a delegate’s link acts for that delegate only; altered, foreign and rotated tokens answer 404', async () => {
		// Reply links are 32 base32 characters (an HMAC of the id and version with APP_SECRET): not guessable.
		expect(tok(w.person)).toMatch(/^[a-z2-7]{32}$/);
		// Unit A's link cannot remove unit B's attendee, nor the attendee of a unit of another event.
		for (const other of [w.attendeeB, w.attendeeC]) {
			const r = await postForm(`/r/${tok(w.unitA)}?/remove`, { attendeeId: String(other) });
			expect(r.status).toBe(404);
			expect((await fetch(`${app.url}/r/${tok(other)}`)).status).toBe(200);
		}
		// A hand-made id is not found, never a database error.
		for (const bad of ['abc', '-1', '0', '99999999999', '1e3', '']) expect((await postForm(`/r/${tok(w.unitA)}?/remove`, { attendeeId: bad })).status, bad).toBe(404);
		// Fields naming another delegate or event are ignored: the answer is recorded for the link's delegate.
		const r = await postForm(`/r/${tok(w.person)}?/decline`, { reason: 'Đi công tác', delegateId: String(w.unitB), eventId: String(w.otherEventId), id: String(w.unitB) });
		expect(r.status).toBe(200);
		const replies = (await (await fetch(`${app.url}/api/v1/events/${w.eventId}/replies`, { headers: bearer() })).json()) as { replies: { delegateId: number; reply: string }[] };
		expect(replies.replies.find((x) => x.delegateId === w.person)).toMatchObject({ reply: 'declined' });
		expect(replies.replies.find((x) => x.delegateId === w.unitB)?.reply).not.toBe('declined');
		// Altered (one character), signed with another secret, an old version, and an id: 404.
		const t = tok(w.person);
		for (const bad of [(t[0] === 'a' ? 'b' : 'a') + t.slice(1), t.slice(0, -1) + (t.endsWith('a') ? 'b' : 'a'), delegateToken(w.person, 1, 'another-secret-0123456789-0123456789'), tok(w.person, 2), 'a'.repeat(32)]) {
			const res = await fetch(`${app.url}/r/${bad}`);
			expect(res.status).toBe(404);
			expect(await res.text()).toContain('Liên kết không hợp lệ hoặc đã hết hiệu lực');
		}
		expect((await fetch(`${app.url}/r/${w.person}`)).status).toBe(404);
		// Rotation: unit A removes its attendee; that attendee's link stops working at once.
		const removed = w.attendeeA[1];
		expect((await fetch(`${app.url}/r/${tok(removed)}`)).status).toBe(200);
		expect((await postForm(`/r/${tok(w.unitA)}?/remove`, { attendeeId: String(removed) })).status).toBe(200);
		expect((await fetch(`${app.url}/r/${tok(removed)}`)).status).toBe(404);
		expect((await postForm(`/r/${tok(removed)}?/attend`, {})).status).toBe(404);
	});

	it('an upload link uploads and reads for its own unit only; revoked and altered links answer 404', async () => {
		const meta = { title: 'Bài của xã Cường', presenterName: 'Đỗ Văn Cường', presenterPosition: 'Chủ tịch', summary: '' };
		await postMultipart(`/u/${w.uploadC}?/upload`, meta, { bytes: await makePdf({ label: 'Xã Cường' }), name: 'xa-cuong.pdf' });
		const pageC = await (await fetch(`${app.url}/u/${w.uploadC}`)).text();
		const versionC = /\/versions\/(\d+)/.exec(pageC)![1];
		const pageA = await (await fetch(`${app.url}/u/${w.uploadA}`)).text();
		const versionA = /\/versions\/(\d+)/.exec(pageA)![1];
		// Unit B's link reads neither A's version (same event) nor C's (other event).
		for (const v of [versionA, versionC]) expect((await fetch(`${app.url}/u/${w.uploadB}/versions/${v}`)).status).toBe(404);
		// Unit B's upload with fields naming A, C or the other event lands on B only.
		const sneaky = await postMultipart(`/u/${w.uploadB}?/upload`, { ...meta, title: 'Bài của xã Bình', unitId: String(w.unitBId + 1), eventId: String(w.otherEventId), submissionId: '1' }, { bytes: await makePdf({ label: 'Xã Bình' }), name: 'xa-binh.pdf' });
		expect(sneaky.status).toBe(200);
		const api = (await (await fetch(`${app.url}/api/v1/events/${w.eventId}/submissions`, { headers: bearer() })).json()) as { submissions: { unitName?: string; unit?: { name: string }; title: string }[] };
		const titles = JSON.stringify(api);
		expect(titles).toContain('Bài của xã Bình');
		expect((await (await fetch(`${app.url}/u/${w.uploadC}`)).text()).match(/\/versions\/\d+/g)).toHaveLength(1);
		expect(await (await fetch(`${app.url}/u/${w.uploadA}`)).text()).not.toContain('Bài của xã Bình');
		// Altered and revoked links: 404.
		const t = w.uploadB;
		expect((await fetch(`${app.url}/u/${(t[0] === 'a' ? 'b' : 'a') + t.slice(1)}`)).status).toBe(404);
		const fresh = await fetch(`${app.url}/api/v1/events/${w.eventId}/submissions/units/${w.unitBId}/links`, { method: 'POST', headers: { ...bearer(), 'content-type': 'application/json' }, body: JSON.stringify({ revokeOthers: true }) });
		expect(fresh.status).toBe(201);
		const newLink = ((await fresh.json()) as { link: string }).link.split('/u/')[1];
		expect((await fetch(`${app.url}/u/${t}`)).status).toBe(404);
		expect((await postMultipart(`/u/${t}?/upload`, meta, { bytes: await makePdf(), name: 'cu.pdf' })).status).toBe(404);
		expect((await fetch(`${app.url}/u/${newLink}`)).status).toBe(200);
	});
});

describe('secrets and the log', () => {
	it('writes no password, session, API or personal-link token and no SMTP password to the server output or the audit log', async () => {
		// Log in: a wrong password, then the right one.
		const c = client(app);
		expect((await c.post('/login', { email: w.email, password: WRONG_PASSWORD })).status).toBe(400);
		expect((await c.post('/login', { email: w.email, password: TEST_PASSWORD })).status).toBe(303);
		const session = c.cookies.get('hn_session')!;
		expect(session).toBeTruthy();
		// The API with a token, and with a wrong one.
		expect((await fetch(`${app.url}/api/v1/me`, { headers: bearer() })).status).toBe(200);
		const wrongToken = 'hn_' + 'a'.repeat(32);
		expect((await fetch(`${app.url}/api/v1/me`, { headers: { authorization: `Bearer ${wrongToken}` } })).status).toBe(401);
		// Save an SMTP password (a wrong one first: the check fails), then the right one, and send mail with it.
		const smtpForm = { host: '127.0.0.1', port: String(smtpPort), security: 'none', user: SMTP_USER, from: 'Văn phòng <vanphong@tinh.gov.vn>' };
		expect((await c.post(`/admin/mail/${w.orgId}?/save`, { ...smtpForm, password: WRONG_PASSWORD })).status).toBe(200);
		const verify = await c.post(`/admin/mail/${w.orgId}?/verify`, {});
		expect(await verify.text()).toContain('Đăng nhập máy chủ thư thất bại: kiểm tra tài khoản và mật khẩu SMTP');
		expect((await c.post(`/admin/mail/${w.orgId}?/save`, { ...smtpForm, password: SMTP_PASSWORD })).status).toBe(200);
		expect((await c.post(`/admin/mail/${w.orgId}?/test`, { to: 'kiemtra@tinh.gov.vn' })).status).toBe(200);
		const round = await fetch(`${app.url}/api/v1/events/${w.eventId}/invitations/rounds`, { method: 'POST', headers: { ...bearer(), 'content-type': 'application/json', 'idempotency-key': 'secrets-round-0001' }, body: '{}' });
		expect(round.status).toBe(201);
		await until('thư được gửi qua SMTP có mật khẩu', async () => received.includes('kiemtra@tinh.gov.vn') && received.includes('riengtu@tinh.gov.vn'), 30_000);
		// The reply page and an upload by link.
		expect((await fetch(`${app.url}/r/${tok(w.person)}`)).status).toBe(200);
		expect((await postForm(`/r/${tok(w.person)}?/attend`, {})).status).toBe(200);
		expect((await postMultipart(`/u/${w.uploadA}?/upload`, { title: 'Bản mới', presenterName: 'Nguyễn Văn An', presenterPosition: 'Chủ tịch', summary: '' }, { bytes: await makePdf({ label: 'Bản mới' }), name: 'ban-moi.pdf' })).status).toBe(200);
		await new Promise((r) => setTimeout(r, 300));

		const out = app.output();
		const secrets: Record<string, string> = {
			'the right password': TEST_PASSWORD,
			'the wrong password': WRONG_PASSWORD,
			'the SMTP password': SMTP_PASSWORD,
			'the session token': session,
			'the API token': w.apiToken,
			'its secret part': w.apiToken.slice(3),
			'a wrong API token': wrongToken,
			'APP_SECRET': SECRET,
			'a reply link token': tok(w.person),
			'a unit reply token': tok(w.unitA),
			'an upload link token': w.uploadA,
			'another upload token': w.uploadB
		};
		for (const [what, value] of Object.entries(secrets)) expect(out.includes(value), `${what} in the server output`).toBe(false);
		// Nor in the audit log, which administrators read.
		const audit = await (await fetch(`${app.url}/events/${w.eventId}/audit`, { headers: { cookie: `hn_session=${session}` } })).text();
		for (const value of [TEST_PASSWORD, WRONG_PASSWORD, SMTP_PASSWORD, session, w.apiToken]) expect(audit).not.toContain(value);
		console.log(`Nhật ký máy chủ (${out.split('\n').length} dòng) không chứa mật khẩu, phiên, khóa API, liên kết cá nhân hay mật khẩu SMTP.`);
	});
});

describe('public forms under random input', () => {
	it('answer every malformed post with a 2xx, 3xx or 4xx, never a 5xx or a hang', async () => {
		let seed = 20260508;
		const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
		const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
		const values = ['', ' ', '0', '-1', 'NaN', '1e309', '99999999999999999999', '2147483648', 'null', '[]', '{}', '<script>alert(1)</script>', "' or 1=1 --", '\u0000', '\ud800', 'a'.repeat(20_000), 'Nguyễn'.normalize('NFD'), '../../etc/passwd', '%00', 'true'];
		const fields = ['fullName', 'salutation', 'position', 'phone', 'email', 'reason', 'attendeeId', 'title', 'presenterName', 'presenterPosition', 'summary', 'password', 'email', 'name', 'orgName', 'confirm', 'x'];
		const targets = [
			...['attend', 'decline', 'substitute', 'add', 'remove'].map((a) => `/r/${tok(w.unitB)}?/${a}`),
			...['attend', 'decline', 'substitute'].map((a) => `/r/${tok(w.attendeeB)}?/${a}`),
			'/login',
			'/setup'
		];
		const statuses = new Map<number, number>();
		for (let i = 0; i < 120; i++) {
			const target = pick(targets);
			const pairs: [string, string][] = Array.from({ length: Math.floor(rnd() * 6) }, () => [pick(fields), pick(values)]);
			const res = await postForm(target, pairs);
			statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
			expect(res.status, `${target} ${JSON.stringify(pairs).slice(0, 200)}`).toBeLessThan(500);
			await res.arrayBuffer();
		}
		// Uploads: random bytes with random names and types, and broken multipart bodies.
		for (let i = 0; i < 30; i++) {
			const bytes = new Uint8Array(Math.floor(rnd() * 4000)).map(() => Math.floor(rnd() * 256));
			if (i % 3 === 0) bytes.set(new TextEncoder().encode('%PDF-1.7\n'));
			const res = await postMultipart(`/u/${w.uploadA}?/upload`, { title: pick(values), presenterName: pick(values), presenterPosition: pick(values) }, { bytes, name: pick(['a.pdf', 'b.docx', 'c.html', '', 'x'.repeat(300) + '.pdf', 'tham\u202eluan.pdf']), type: pick(['application/pdf', 'text/html', '']) });
			expect(res.status).toBeLessThan(500);
			await res.arrayBuffer();
		}
		const broken = await fetch(`${app.url}/u/${w.uploadA}?/upload`, { method: 'POST', headers: { origin: app.url, accept: 'text/html', 'content-type': 'multipart/form-data; boundary=xyz' }, body: '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.7 cut', signal: AbortSignal.timeout(15_000) });
		expect(broken.status).toBeLessThan(500);
		// Nothing of it reached the log either (a refused form is not an error).
		for (const t of [tok(w.unitB), tok(w.attendeeB), w.uploadA]) expect(app.output()).not.toContain(t);
		console.log(`Biểu mẫu công khai: 151 yêu cầu ngẫu nhiên, mã trả lời ${JSON.stringify(Object.fromEntries(statuses))}, không có 5xx.`);
	}, 120_000);
});
