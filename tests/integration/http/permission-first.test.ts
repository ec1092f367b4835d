/**
 * Access before input: a caller without the permission who sends a body (or query) the endpoint would refuse
 * gets the refusal of its role — 403 for a role of the event's organisation, 404 for an administrator of
 * another organisation — never the 400 of the validation, which only a caller allowed to act may meet. The
 * allowed organiser sending the same input gets the validation error with its Vietnamese message.
 *
 * Over real HTTP against the built server, then the services the endpoints (and the pages' form actions)
 * call, directly on a database of their own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, client, type App } from '../../helpers/server';
import { testDatabase } from '../../helpers/db';
import { newEventWorld, newMember, newOrganisation } from '../../helpers/factories';
import { createSession, generateSessionToken, SESSION_COOKIE } from '../../../src/lib/server/auth/session';
import type { Principal } from '../../../src/lib/server/auth/access';
import type { Database_ } from '../../../src/lib/server/db';
import { awardsPlaceholders } from '../../unit/awards/world';
import { delegatePlaceholders } from './delegates-matrix';

type Who = 'organiser' | 'reception' | 'viewer' | 'outsider';
const WHO: Who[] = ['organiser', 'reception', 'viewer', 'outsider'];

interface Case {
	method: 'GET' | 'POST' | 'PUT' | 'PATCH';
	/** With :eventId, :orgId and the world's placeholders (:itemId, :decisionId, :awardId, :batchId, :dlgId, :importId). */
	path: string;
	/** A JSON value, raw text sent as application/json (not JSON), or a multipart form without its file. */
	body?: unknown;
	raw?: string;
	multipart?: Record<string, string>;
	/** The roles of the event's organisation the input must not reach (each lacks the permission). */
	refused: Exclude<Who, 'organiser' | 'outsider'>[];
	/** What the organiser (allowed) gets for the same input. */
	allowed: { status: number; code: string; says: RegExp };
	/** The outsider's 404 message (default: the event's). */
	hidden?: RegExp;
}

const BAD_JSON = { status: 400, code: 'invalid_json', says: /không phải JSON hợp lệ/ };
const BOTH: Case['refused'] = ['reception', 'viewer'];

const CASES: Case[] = [
	// awards and decisions (award.edit; the prize calculator award.view, which the viewer has)
	{ method: 'POST', path: '/api/v1/events/:eventId/awards/forms', body: { name: '' }, refused: BOTH, allowed: { status: 400, code: 'invalid_input', says: /Nhập tên hình thức khen thưởng/ } },
	{ method: 'POST', path: '/api/v1/events/:eventId/awards/prize', body: { decisionDate: 'x' }, refused: ['reception'], allowed: { status: 400, code: 'invalid_input', says: /Ngày quyết định không hợp lệ/ } },
	{ method: 'PATCH', path: '/api/v1/events/:eventId/awards/:awardId', body: { kind: 'x' }, refused: BOTH, allowed: { status: 400, code: 'invalid_input', says: /Chọn tập thể, cá nhân hoặc hộ gia đình/ } },
	{ method: 'POST', path: '/api/v1/events/:eventId/decisions', body: {}, refused: BOTH, allowed: { status: 400, code: 'invalid_input', says: /Nhập số quyết định/ } },
	{ method: 'PATCH', path: '/api/v1/events/:eventId/decisions/:decisionId', body: { decisionDate: 'x' }, refused: BOTH, allowed: { status: 400, code: 'invalid_input', says: /Nhập ngày quyết định hợp lệ/ } },
	{ method: 'POST', path: '/api/v1/events/:eventId/decisions/:decisionId/awards', body: { kind: 'x', name: '' }, refused: BOTH, allowed: { status: 400, code: 'invalid_input', says: /Chọn tập thể, cá nhân hoặc hộ gia đình/ } },
	// batches and the stage
	{ method: 'POST', path: '/api/v1/events/:eventId/batches', body: { capacity: 0 }, refused: BOTH, allowed: { status: 400, code: 'invalid_input', says: /Số người trên sân khấu từ 1 đến 60/ } },
	{ method: 'PUT', path: '/api/v1/events/:eventId/batches', body: { batches: 'x' }, refused: BOTH, allowed: { status: 400, code: 'invalid_input', says: /Sắp xếp đợt không hợp lệ/ } },
	{ method: 'PATCH', path: '/api/v1/events/:eventId/batches/:batchId', raw: '{"title": ', refused: BOTH, allowed: BAD_JSON },
	{ method: 'POST', path: '/api/v1/events/:eventId/batches/stage', body: { move: 'x' }, refused: BOTH, allowed: { status: 400, code: 'invalid_input', says: /move: next, prev, reset, hoặc batchId/ } },
	// programme and the MC's script (programme.edit; reception and viewer only read them)
	{ method: 'PUT', path: '/api/v1/events/:eventId/programme', body: { ids: 'x' }, refused: BOTH, allowed: { status: 400, code: 'invalid_order', says: /Gửi \{ ids: \[\.\.\.\] \} gồm mỗi mục đúng một lần/ } },
	{ method: 'POST', path: '/api/v1/events/:eventId/programme/:itemId/mark', body: { mark: 'x' }, refused: BOTH, allowed: { status: 400, code: 'invalid_input', says: /mark phải là start, end hoặc clear/ } },
	{ method: 'PUT', path: '/api/v1/events/:eventId/script', body: { text: 5 }, refused: BOTH, allowed: { status: 400, code: 'invalid_input', says: /Gửi \{ text: "…" \}/ } },
	// certificates (certificate.print)
	{ method: 'PUT', path: '/api/v1/events/:eventId/certificates', raw: '{"options": ', refused: BOTH, allowed: BAD_JSON },
	// an unknown kind is a 404 for the allowed; the others meet their permission first
	{ method: 'GET', path: '/api/v1/events/:eventId/certificates/pdf?kind=khong-co', refused: BOTH, allowed: { status: 404, code: 'not_found', says: /Không tìm thấy/ } },
	// events and tiers (event.edit)
	{
		method: 'POST',
		path: '/api/v1/events',
		body: { organisationId: ':orgId', kind: 'khong-co', title: '', startsAt: 'x' },
		refused: BOTH,
		allowed: { status: 400, code: 'invalid_input', says: /kind: Chọn loại hội nghị.*title: Vui lòng nhập tên hội nghị.*startsAt: Vui lòng nhập ngày giờ khai mạc hợp lệ/ },
		hidden: /Không tìm thấy đơn vị/
	},
	{ method: 'PATCH', path: '/api/v1/events/:eventId', body: { startsAt: 'x' }, refused: BOTH, allowed: { status: 400, code: 'invalid_input', says: /startsAt: Vui lòng nhập ngày giờ khai mạc hợp lệ/ } },
	{ method: 'PUT', path: '/api/v1/events/:eventId/tiers', body: { tiers: [] }, refused: BOTH, allowed: { status: 400, code: 'invalid_input', says: /Cần ít nhất một cấp đại biểu/ } },
	// delegates (delegate.edit; a reply invitation.send)
	{ method: 'POST', path: '/api/v1/events/:eventId/delegates', body: { kind: 'x' }, refused: BOTH, allowed: { status: 400, code: 'invalid_input', says: /Chọn đại biểu cá nhân hoặc thư mời đơn vị/ } },
	{ method: 'PATCH', path: '/api/v1/events/:eventId/delegates/:dlgId', body: { replyStatus: 'x' }, refused: BOTH, allowed: { status: 400, code: 'invalid_input', says: /Trạng thái phản hồi không hợp lệ/ } },
	{ method: 'PATCH', path: '/api/v1/events/:eventId/delegates/:dlgId', body: { tierId: 'x' }, refused: BOTH, allowed: { status: 400, code: 'invalid_input', says: /Chọn cấp đại biểu/ } },
	{ method: 'PATCH', path: '/api/v1/events/:eventId/delegates/:dlgId', raw: '{"notes": ', refused: BOTH, allowed: BAD_JSON },
	{ method: 'PUT', path: '/api/v1/events/:eventId/delegates/order', body: { tierId: 'x', delegateIds: [] }, refused: BOTH, allowed: { status: 400, code: 'invalid_input', says: /Thiếu mã cấp đại biểu/ } },
	{ method: 'POST', path: '/api/v1/events/:eventId/delegates/imports', multipart: { options: '{}' }, refused: BOTH, allowed: { status: 400, code: 'invalid_input', says: /Thiếu tệp \(trường "file"\)/ } },
	{ method: 'PATCH', path: '/api/v1/events/:eventId/delegates/imports/:importId', raw: '{"options": ', refused: BOTH, allowed: BAD_JSON },
	{ method: 'POST', path: '/api/v1/events/:eventId/delegates/imports/:importId/commit', raw: '[1, 2]', refused: BOTH, allowed: { status: 400, code: 'invalid_json', says: /phải là một đối tượng JSON/ } },
	// invitations, replies and the outbox (invitation.send)
	{ method: 'POST', path: '/api/v1/events/:eventId/invitations/rounds', raw: '{"tierId": ', refused: BOTH, allowed: BAD_JSON },
	{ method: 'POST', path: '/api/v1/events/:eventId/invitations/reminders', raw: '{"replies": ', refused: BOTH, allowed: BAD_JSON },
	{ method: 'POST', path: '/api/v1/events/:eventId/replies', raw: '{"delegateId": ', refused: BOTH, allowed: BAD_JSON },
	{ method: 'GET', path: '/api/v1/events/:eventId/invitations/pdf?filter=khong-co', refused: BOTH, allowed: { status: 400, code: 'invalid_input', says: /Bộ lọc không hợp lệ/ } },
	{ method: 'GET', path: '/api/v1/events/:eventId/invitations/docx?tier=x', refused: BOTH, allowed: { status: 400, code: 'invalid_input', says: /Cấp không hợp lệ/ } },
	{ method: 'GET', path: '/api/v1/events/:eventId/invitations/zip?filter=khong-co', refused: BOTH, allowed: { status: 400, code: 'invalid_input', says: /Bộ lọc không hợp lệ/ } },
	{ method: 'GET', path: '/api/v1/events/:eventId/mail?status=khong-co', refused: BOTH, allowed: { status: 400, code: 'invalid_input', says: /Trạng thái không hợp lệ/ } },
	// the booklet file (submission.view, which the viewer has): a malformed ?id= is a 404 for the allowed
	{ method: 'GET', path: '/api/v1/events/:eventId/submissions/booklet/file?id=abc', refused: ['reception'], allowed: { status: 404, code: 'not_found', says: /Không tìm thấy/ } }
];

describe('access before input, over HTTP', () => {
	let app: App;
	const cookies: Partial<Record<Who, string>> = {};
	let vars: Record<string, string> = {};

	beforeAll(async () => {
		app = await startApp({
			prepare: async (d) => {
				const w = await newEventWorld(d.db);
				vars = { ':eventId': String(w.eventId), ':orgId': String(w.org.id) };
				vars = { ...vars, ...(await awardsPlaceholders(d, w)), ...(await delegatePlaceholders(d, w)) };
				const other = await newOrganisation(d.db);
				const people: Record<Who, Principal> = {
					organiser: await newMember(d.db, w.org.id, 'organiser'),
					reception: await newMember(d.db, w.org.id, 'reception'),
					viewer: await newMember(d.db, w.org.id, 'viewer'),
					outsider: await newMember(d.db, other.id, 'admin')
				};
				for (const who of WHO) {
					const token = generateSessionToken();
					await createSession(d.db, token, people[who].user.id);
					cookies[who] = `${SESSION_COOKIE}=${token}`;
				}
			}
		});
	});
	afterAll(async () => app?.stop());

	const fill = (s: string) => Object.entries(vars).reduce((out, [k, v]) => out.split(k).join(v), s);

	/** The answer; `said` is its message and every field's `name: message`, what a person or client reads. */
	async function send(c: Case, who: Who): Promise<{ status: number; error: { code: string; message: string }; said: string; text: string }> {
		const http = client(app, cookies[who]);
		const path = fill(c.path);
		const headers = { origin: app.url };
		let res: Response;
		if (c.multipart) {
			const form = new FormData();
			for (const [k, v] of Object.entries(c.multipart)) form.append(k, v);
			res = await http.raw(c.method, path, { body: form, headers });
		} else if (c.raw !== undefined) res = await http.raw(c.method, path, { body: c.raw, headers: { ...headers, 'content-type': 'application/json' } });
		else if (c.method === 'GET') res = await http.get(path, headers);
		else {
			let body = c.body;
			if (body && typeof body === 'object') body = JSON.parse(fill(JSON.stringify(body)).replace(`"${vars[':orgId']}"`, vars[':orgId']));
			res = await http.json(c.method, path, body, headers);
		}
		const text = await res.text();
		let error: { code: string; message: string; fields?: Record<string, string> } = { code: '', message: '' };
		try {
			error = JSON.parse(text).error ?? error;
		} catch {
			/* not JSON: the assertions below show the text */
		}
		const said = [error.message, ...Object.entries(error.fields ?? {}).map(([k, m]) => `${k}: ${m}`)].join(' | ');
		return { status: res.status, error, said, text };
	}

	for (const c of CASES) {
		const what = `${c.method} ${c.path} ${c.multipart ? 'multipart without its file' : c.raw !== undefined ? `body ${c.raw}` : `body ${JSON.stringify(c.body ?? null)}`}`;
		describe(what, () => {
			for (const who of c.refused) {
				it(`${who}: 403, not the validation error`, async () => {
					const r = await send(c, who);
					expect(r.status, r.text).toBe(403);
					expect(r.error.code).toBe('forbidden');
				});
			}
			it('another organisation’s administrator: 404, not the validation error', async () => {
				const r = await send(c, 'outsider');
				expect(r.status, r.text).toBe(404);
				expect(r.error.code).toBe('not_found');
				expect(r.error.message).toMatch(c.hidden ?? /Không tìm thấy hội nghị/);
			});
			it(`organiser (allowed): ${c.allowed.status} ${c.allowed.code} with its message`, async () => {
				const r = await send(c, 'organiser');
				expect(r.status, r.text).toBe(c.allowed.status);
				expect(r.error.code).toBe(c.allowed.code);
				expect(r.said).toMatch(c.allowed.says);
			});
		});
	}
});

describe('access before input, in the services the endpoints and form actions call', () => {
	let d: Database_;
	let eventId = 0;
	const p = {} as Record<'organiser' | 'viewer' | 'reception' | 'outsider', Principal>;

	beforeAll(async () => {
		d = await testDatabase();
		const w = await newEventWorld(d.db);
		eventId = w.eventId;
		await awardsPlaceholders(d, w);
		p.organiser = await newMember(d.db, w.org.id, 'organiser');
		p.viewer = await newMember(d.db, w.org.id, 'viewer');
		p.reception = await newMember(d.db, w.org.id, 'reception');
		p.outsider = await newMember(d.db, (await newOrganisation(d.db)).id, 'admin');
	});
	afterAll(async () => d?.close());

	/** The refused roles meet their refusal; the organiser the validation error with its message. */
	async function firstAccess(call: (who: Principal) => Promise<unknown>, allowed: { code: string; says: RegExp }) {
		await expect(call(p.viewer)).rejects.toMatchObject({ code: 'forbidden', status: 403 });
		await expect(call(p.reception)).rejects.toMatchObject({ code: 'forbidden', status: 403 });
		await expect(call(p.outsider)).rejects.toMatchObject({ code: 'not_found', status: 404 });
		const e = await call(p.organiser).then(
			() => null,
			(err: unknown) => err
		);
		expect(e, 'the organiser is refused for the input').toMatchObject({ code: allowed.code });
		const { message, fields } = e as { message: string; fields?: Record<string, string> };
		expect(`${message} ${JSON.stringify(fields ?? {})}`).toMatch(allowed.says);
	}

	it('generateBatches: the capacity after award.edit', async () => {
		const { generateBatches } = await import('../../../src/lib/server/awards/batches');
		await firstAccess((who) => generateBatches(d.db, who, eventId, { capacity: 0 }), { code: 'invalid_input', says: /Số người trên sân khấu từ 1 đến 60/ });
	});

	it('addAward: kind and name after award.edit', async () => {
		const { addAward } = await import('../../../src/lib/server/awards/service');
		const decision = await d.db.selectFrom('award_decision').select('id').where('event_id', '=', eventId).executeTakeFirstOrThrow();
		await firstAccess((who) => addAward(d.db, who, eventId, decision.id, { name: '' }), { code: 'invalid_input', says: /Chọn loại.*Nhập tên/ });
	});

	it('saveScript: the length after programme.edit', async () => {
		const { saveScript } = await import('../../../src/lib/server/programme/script');
		await firstAccess((who) => saveScript(d.db, who, eventId, 'x'.repeat(200_001)), { code: 'invalid_input', says: /Kịch bản quá dài/ });
	});

	it('reopenUnit: the time after submission.review', async () => {
		const { reopenUnit } = await import('../../../src/lib/server/submissions/service');
		await firstAccess((who) => reopenUnit(d.db, who, eventId, 1, new Date(Date.now() - 60_000)), { code: 'invalid_input', says: /Thời hạn mở lại phải sau thời điểm hiện tại/ });
	});

	it('setReplyStatus: the status after invitation.send', async () => {
		const { setReplyStatus } = await import('../../../src/lib/server/delegates/service');
		await firstAccess((who) => setReplyStatus(d.db, who, eventId, 1, 'substituted'), { code: 'invalid_input', says: /Trạng thái phản hồi không hợp lệ/ });
	});

	it('sendInvitationRound and sendReminders: the request key and recipients after invitation.send', async () => {
		const { sendInvitationRound, sendReminders } = await import('../../../src/lib/server/invitations/service');
		await firstAccess((who) => sendInvitationRound(d.db, who, eventId, { requestKey: '' }), { code: 'invalid_request_key', says: /Thiếu mã xác nhận của thao tác/ });
		await firstAccess((who) => sendReminders(d.db, who, eventId, { delegateIds: [], expectedCount: 0, requestKey: '' }), { code: 'invalid_request_key', says: /Thiếu mã xác nhận của thao tác/ });
		await firstAccess((who) => sendReminders(d.db, who, eventId, { delegateIds: [], expectedCount: 0, requestKey: crypto.randomUUID() }), { code: 'invalid_input', says: /Chưa chọn đại biểu nào/ });
	});

	it('resendInvitation: the request key after invitation.send', async () => {
		const { resendInvitation } = await import('../../../src/lib/server/invitations/service');
		await firstAccess((who) => resendInvitation(d.db, who, eventId, 1, ''), { code: 'invalid_request_key', says: /Thiếu mã xác nhận của thao tác/ });
	});

	it('saveBudgetSigners (finance) and sendTestMail (administrator): their input after their permission', async () => {
		const { saveBudgetSigners } = await import('../../../src/lib/server/budget/signers');
		const { sendTestMail } = await import('../../../src/lib/server/invitations/smtp');
		const orgId = (await d.db.selectFrom('event').select('organisation_id').where('id', '=', eventId).executeTakeFirstOrThrow()).organisation_id;
		const finance = await newMember(d.db, orgId, 'finance');
		const admin = await newMember(d.db, orgId, 'admin');
		const tooLong = { preparer: 'x'.repeat(1000) };
		for (const who of [p.viewer, p.reception, p.organiser])
			await expect(saveBudgetSigners(d.db, who, eventId, tooLong)).rejects.toMatchObject({ code: 'forbidden', status: 403 });
		await expect(saveBudgetSigners(d.db, p.outsider, eventId, tooLong)).rejects.toMatchObject({ code: 'not_found', status: 404 });
		await expect(saveBudgetSigners(d.db, finance, eventId, tooLong)).rejects.toMatchObject({ code: 'invalid_input' });
		for (const who of [p.viewer, p.reception, p.organiser, finance])
			await expect(sendTestMail(d.db, who, orgId, 'khong-phai-email')).rejects.toMatchObject({ status: 403 });
		await expect(sendTestMail(d.db, p.outsider, orgId, 'khong-phai-email')).rejects.toMatchObject({ status: 404 });
		await expect(sendTestMail(d.db, admin, orgId, 'khong-phai-email')).rejects.toMatchObject({ code: 'invalid_input', fields: { to: 'Email không hợp lệ' } });
	});

	it('apiMail and certificatePdf: the query after the permission', async () => {
		const { apiMail } = await import('../../../src/lib/server/invitations/api');
		const { certificatePdf } = await import('../../../src/lib/server/certificates/download');
		await firstAccess((who) => apiMail(d.db, who, eventId, new URLSearchParams({ status: 'khong-co' })), { code: 'invalid_input', says: /Trạng thái không hợp lệ/ });
		await firstAccess((who) => certificatePdf(d.db, who, eventId, new URLSearchParams({ kind: 'khong-co' })), { code: 'not_found', says: /Không tìm thấy/ });
	});
});
