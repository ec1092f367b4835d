/**
 * Giấy mời end to end on a real database and a real SMTP server (tests/helpers/smtp.ts): letters, rounds,
 * reminders, the delegate's reply page (confirm, decline, substitute, unit attendees), replies recorded by
 * staff, the outbox viewer and the SMTP settings.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { unzipSync } from 'fflate';
import { testDatabase } from '../helpers/db';
import { newEventWorld, newMember } from '../helpers/factories';
import { startSmtp, type TestSmtp } from '../helpers/smtp';
import type { Database_, DB } from '../../src/lib/server/db';
import type { Principal } from '../../src/lib/server/auth/access';
import { insertDelegates, type NewDelegate } from '../../src/lib/server/delegates/repository';
import { substituteRank } from '../../src/lib/server/delegates/service';
import { delegateToken, tokenFromScan } from '../../src/lib/server/delegates/token';
import { drain, DEFAULT_WORKER_OPTIONS, claimDue, markInterrupted, HANDED_MARK } from '../../src/lib/server/mail/worker';
import { closeTransporters, saveSmtpSettings } from '../../src/lib/server/mail/transport';
import '../../src/lib/server/invitations/renderer';
import { renderDelegateLetter, renderLettersPdf, renderLettersZip, lettersSelection, buildLetter, eventRow, letterFilename } from '../../src/lib/server/invitations/letter';
import { letterSettings, updateLetterSettings, parseLetterSettings, defaultHostName } from '../../src/lib/server/invitations/settings';
import {
	invitationOverview,
	recordReply,
	reminderAudience,
	reminderPreview,
	resendInvitation,
	roundPreview,
	roundsProgress,
	sendInvitationRound,
	sendReminders,
	delegateInvitationDetail,
	addUnitAttendeeByOrganiser,
	INVITATION_CHANNEL
} from '../../src/lib/server/invitations/service';
import { replyByLink, replyPage, LINK_ACTOR_LABEL } from '../../src/lib/server/invitations/replies';
import { parsePerson } from '../../src/lib/server/invitations/person';
import { recipientLine } from '../../src/lib/server/pdf/invitation';
import { pdfPageCount } from '../../src/lib/server/invitations/downloads';
import { decodeQr, hasPoppler, pdfText, squeeze } from '../unit/pdf/poppler';
import { seedInvitationsDemo } from '../../src/lib/server/invitations/demo';
import { createRng } from '../../src/lib/server/demo/rng';
import { listEventMail, getEventMail, mailAttachment, requeueEventMail } from '../../src/lib/server/invitations/outbox';
import { saveOrganisationSmtp, testOrganisationSmtp, sendTestMail, removeOrganisationSmtp, smtpPage, parseSmtpForm } from '../../src/lib/server/invitations/smtp';

let d: Database_;
let smtp: TestSmtp;
const opts = { ...DEFAULT_WORKER_OPTIONS, backoffMs: () => 0 };
const URL = 'http://127.0.0.1:9';
const sha = (b: Uint8Array | Buffer) => createHash('sha256').update(b).digest('hex');
let seq = 0;

beforeAll(async () => {
	d = await testDatabase();
	smtp = await startSmtp();
});
afterAll(async () => {
	closeTransporters();
	await smtp?.close();
	await d?.close();
});

/** An event with n person delegates (every 10th without email), optionally sending through the test SMTP. */
async function world(db: DB, n: number, o: { smtp?: boolean; startsAt?: Date } = {}) {
	const w = await newEventWorld(db, o.startsAt ? { startsAt: o.startsAt } : { startsAt: new Date(Date.now() + 30 * 86400_000) });
	if (o.smtp)
		await saveSmtpSettings(db, w.org.id, { host: '127.0.0.1', port: smtp.port, security: 'none', user: null, password: null, from: 'Văn phòng UBND tỉnh <vanphong@tinh.gov.vn>', allowSelfSigned: false }, null);
	const run = ++seq;
	const rows: NewDelegate[] = Array.from({ length: n }, (_, i) => ({
		event_id: w.eventId,
		tier_id: w.tiers[i % w.tiers.length].id,
		kind: 'person',
		salutation: i % 2 ? 'Bà' : 'Ông',
		full_name: `Nguyễn Thị Ánh Tuyết ${run}-${i + 1}`,
		position: 'Giám đốc',
		unit: `Sở Tài chính ${i + 1}`,
		email: i % 10 === 9 ? null : `daibieu${run}.${i + 1}@tinh.gov.vn`,
		protocol_rank: 100 + i,
		source: 'manual'
	}));
	const ids = await db.transaction().execute((tx) => insertDelegates(tx, rows));
	return { ...w, ids: ids.map((r) => r.id) };
}

async function delegate(db: DB, id: number) {
	return db.selectFrom('delegate').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

function tokenOf(row: { id: number; token_version: number }): string {
	return delegateToken(row.id, row.token_version);
}

async function drainAll(db: DB) {
	for (let i = 0; i < 5; i++) if (!(await drain(db, opts, URL))) break;
}

describe('letters', () => {
	it('addresses a person without repeating the words position and unit share', () => {
		const r = (position: string, unit: string) => recipientLine({ salutation: 'Bà', name: 'Võ Ngọc Phượng', position, unit, addressedTo: null });
		expect(r('Bí thư Tỉnh ủy', 'Tỉnh ủy Khánh Hòa')).toBe('Bà Võ Ngọc Phượng – Bí thư Tỉnh ủy Khánh Hòa');
		expect(r('Giám đốc Sở', 'Sở Tài chính')).toBe('Bà Võ Ngọc Phượng – Giám đốc Sở Tài chính');
		expect(r('Giám đốc', 'Sở Tài chính')).toBe('Bà Võ Ngọc Phượng – Giám đốc Sở Tài chính');
		expect(r('Chủ tịch Hội đồng nhân dân tỉnh', 'Hội đồng nhân dân tỉnh')).toBe('Bà Võ Ngọc Phượng – Chủ tịch Hội đồng nhân dân tỉnh');
	});

	it('builds the NĐ 30 letter from the event and the delegate, with the personal link in the QR', async () => {
		const w = await world(d.db, 3);
		const event = await eventRow(d.db, w.eventId);
		const s = await letterSettings(d.db, event);
		const row = await delegate(d.db, w.ids[0]);
		const letter = buildLetter(event, s, row);
		expect(letter.authorityParent).toBe('ỦY BAN NHÂN DÂN');
		expect(letter.hostName).toBe('Ủy ban nhân dân tỉnh Ninh Thuận');
		expect(letter.recipient).toMatchObject({ salutation: 'Ông', name: row.full_name, position: 'Giám đốc', unit: 'Sở Tài chính 1' });
		expect(letter.qrPayload).toBe(`http://localhost:3000/r/${tokenOf(row)}`);
		expect(tokenFromScan(letter.qrPayload!)).toBe(tokenOf(row));
		expect(letter.checkinCode).toBe(row.code);
		expect(defaultHostName({ authority_parent: 'ỦY BAN NHÂN DÂN', authority_name: 'TỈNH KHÁNH HÒA', place_name: 'Khánh Hòa' })).toBe('Ủy ban nhân dân tỉnh Khánh Hòa');
		// The printed QR decodes to exactly that link, and the text is the delegate's, diacritics intact.
		const pdf = await renderDelegateLetter(d.db, w.eventId, row.id);
		if (hasPoppler) {
			expect(decodeQr(pdf.bytes)).toBe(letter.qrPayload);
			const text = squeeze(pdfText(pdf.bytes, 'layout', 1));
			expect(text).toContain(`Ông ${row.full_name} – Giám đốc Sở Tài chính 1`);
			expect(text).toContain(`Mã check-in: ${row.code}`);
			expect(text).toContain('Ủy ban nhân dân tỉnh Ninh Thuận trân trọng kính mời:');
		}
	});

	it('fits the default letter and the demo letter on one A4 page, a long title included', async () => {
		const w = await world(d.db, 1);
		expect(await pdfPageCount((await renderDelegateLetter(d.db, w.eventId, w.ids[0])).bytes)).toBe(1);
		const demo = await world(d.db, 5);
		await d.db.transaction().execute((tx) =>
			seedInvitationsDemo({ tx, rng: createRng(3), eventId: demo.eventId, organisationId: demo.org.id, userIds: { admin: demo.admin.user.id, organiser: demo.admin.user.id, finance: demo.admin.user.id, reception: demo.admin.user.id, viewer: demo.admin.user.id }, tiers: demo.tiers })
		);
		await d.db.updateTable('event').set({ title: 'Hội nghị tổng kết Phong trào thi đua “Vì người nghèo – Không để ai bị bỏ lại phía sau” giai đoạn 2021 - 2025 trên địa bàn tỉnh Khánh Hòa' }).where('id', '=', demo.eventId).execute();
		expect(await pdfPageCount((await renderDelegateLetter(d.db, demo.eventId, demo.ids[0])).bytes)).toBe(1);
	});

	it('renders the same bytes for the same data, and new bytes after an edit', async () => {
		const w = await world(d.db, 2);
		const a = await renderDelegateLetter(d.db, w.eventId, w.ids[0]);
		await new Promise((r) => setTimeout(r, 1100));
		const b = await renderDelegateLetter(d.db, w.eventId, w.ids[0]);
		expect(sha(a.bytes)).toBe(sha(b.bytes));
		expect(Buffer.from(a.bytes.subarray(0, 5)).toString()).toBe('%PDF-');
		await updateLetterSettings(d.db, w.admin, w.eventId, parseLetterSettings({ notes: 'Trang phục: áo dài', issueDate: '25/03/2026' }));
		const c = await renderDelegateLetter(d.db, w.eventId, w.ids[0]);
		expect(sha(c.bytes)).not.toBe(sha(a.bytes));
		const audit = await d.db.selectFrom('audit_log').select(['action']).where('event_id', '=', w.eventId).where('action', '=', 'invitation.settings.updated').execute();
		expect(audit).toHaveLength(1);
	});

	it('prints all letters in protocol order, the no-email filter, and a ZIP of named files', async () => {
		const w = await world(d.db, 12);
		const all = await lettersSelection(d.db, w.eventId, 'all');
		expect(all.map((x) => x.stt)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
		const noEmail = await lettersSelection(d.db, w.eventId, 'no-email');
		expect(noEmail).toHaveLength(1);
		const pdf = await renderLettersPdf(d.db, w.eventId, 'no-email');
		expect(pdf.count).toBe(1);
		const zip = await renderLettersZip(d.db, w.eventId, 'all');
		const files = unzipSync(zip.bytes);
		const names = Object.keys(files).sort();
		expect(names).toHaveLength(12);
		expect(names[0]).toMatch(/^giay-moi-001-nguyen-thi-anh-tuyet-\d+-\d+\.pdf$/);
		// Each file in the ZIP is that delegate's letter, byte for byte.
		const first = all[0].delegate;
		const single = await renderDelegateLetter(d.db, w.eventId, first.id);
		expect(sha(files[letterFilename(first, 1)])).toBe(sha(single.bytes));
	});
});

describe('sending', () => {
	it('sends 150 invitations once each, with the letter attached byte for byte', async () => {
		const w = await world(d.db, 166, { smtp: true });
		smtp.received.length = 0;
		const preview = await roundPreview(d.db, w.admin, w.eventId);
		expect(preview).toEqual({ toSend: 150, alreadyInvited: 0, withoutEmail: 16 });
		const r = await sendInvitationRound(d.db, w.admin, w.eventId, { requestKey: 'round-one-0001' });
		expect(r).toMatchObject({ queued: 150, withoutEmail: 16, repeated: false });
		const t0 = performance.now();
		await drainAll(d.db);
		await smtp.waitFor(150);
		console.log(`150 giấy mời (PDF dựng lúc gửi) qua SMTP cục bộ: ${Math.round(performance.now() - t0)} ms`);
		expect(smtp.received).toHaveLength(150);
		const byTo = new Map(smtp.received.map((m) => [(m.to as { value: { address: string }[] }).value[0].address, m]));
		expect(byTo.size).toBe(150);
		const rows = await d.db.selectFrom('delegate').selectAll().where('event_id', '=', w.eventId).where('email', 'is not', null).execute();
		for (const row of rows) {
			const m = byTo.get(row.email!)!;
			expect(m.subject).toBe(`Giấy mời dự ${row && (await eventRow(d.db, w.eventId)).title}`);
			expect(m.text).toContain(`/r/${tokenOf(row)}`);
			expect(m.html).toContain(`/r/${tokenOf(row)}`);
			expect(m.attachments).toHaveLength(1);
			expect(m.attachments[0].contentType).toBe('application/pdf');
			const fresh = await renderDelegateLetter(d.db, w.eventId, row.id);
			expect(sha(m.attachments[0].content)).toBe(sha(fresh.bytes));
		}
		const { counts } = await invitationOverview(d.db, w.eventId);
		expect(counts.invitation).toMatchObject({ sent: 150, no_email: 16, waiting: 0, failed: 0 });
		const rounds = await roundsProgress(d.db, w.eventId);
		expect(rounds[0]).toMatchObject({ kind: 'invitation', number: 1, recipients: 150, sent: 150, failed: 0, waiting: 0 });

		// A second round, the same request again (double click), and a second round later: nothing new.
		const again = await sendInvitationRound(d.db, w.admin, w.eventId, { requestKey: 'round-one-0001' });
		expect(again).toMatchObject({ queued: 0, repeated: true });
		const second = await sendInvitationRound(d.db, w.admin, w.eventId, { requestKey: 'round-two-0002' });
		expect(second).toMatchObject({ queued: 0, roundId: null, alreadyInvited: 150 });
		const both = await Promise.all([
			sendInvitationRound(d.db, w.admin, w.eventId, { requestKey: 'round-three-03' }),
			sendInvitationRound(d.db, w.admin, w.eventId, { requestKey: 'round-three-03' })
		]);
		expect(both.map((x) => x.queued)).toEqual([0, 0]);
		await drainAll(d.db);
		expect(smtp.received).toHaveLength(150);
		expect((await roundsProgress(d.db, w.eventId)).length).toBe(1);
		const n = await d.db.selectFrom('mail_message').select(sql<number>`count(*)`.as('n')).where('event_id', '=', w.eventId).executeTakeFirstOrThrow();
		expect(Number(n.n)).toBe(150);
	});

	it('sends to a delegate added later, resends on purpose once per confirmation, and shows a rejected address', async () => {
		const w = await world(d.db, 3, { smtp: true });
		smtp.received.length = 0;
		await sendInvitationRound(d.db, w.admin, w.eventId, { requestKey: 'first-round-1' });
		await drainAll(d.db);
		expect(smtp.received).toHaveLength(3);
		const [late] = await d.db.transaction().execute((tx) =>
			insertDelegates(tx, [{ event_id: w.eventId, tier_id: w.tiers[0].id, kind: 'person', full_name: 'Trần Văn Mới', email: 'sai.dia.chi@tinh.gov.vn', source: 'manual' }])
		);
		smtp.rejectPermanent.add('sai.dia.chi@tinh.gov.vn');
		const r2 = await sendInvitationRound(d.db, w.admin, w.eventId, { requestKey: 'second-round-2' });
		expect(r2).toMatchObject({ queued: 1, alreadyInvited: 3 });
		await drainAll(d.db);
		const { delegates, counts } = await invitationOverview(d.db, w.eventId);
		const row = delegates.find((x) => x.id === late.id)!;
		expect(row.invitation.state).toBe('failed');
		expect(row.invitation.error).toContain('550');
		expect(counts.invitation.failed).toBe(1);

		smtp.received.length = 0;
		const r1 = await resendInvitation(d.db, w.admin, w.eventId, w.ids[0], 'resend-nonce-1');
		const r1b = await resendInvitation(d.db, w.admin, w.eventId, w.ids[0], 'resend-nonce-1');
		expect([r1.queued, r1b.queued]).toEqual([true, false]);
		await drainAll(d.db);
		expect(smtp.received).toHaveLength(1);
		const audit = await d.db.selectFrom('audit_log').select('action').where('event_id', '=', w.eventId).where('action', '=', 'invitation.resent').execute();
		expect(audit).toHaveLength(1);
	});

	it('does not send the letter of a delegate cancelled after the round was queued', async () => {
		const w = await world(d.db, 2, { smtp: true });
		await drainAll(d.db);
		smtp.received.length = 0;
		await sendInvitationRound(d.db, w.admin, w.eventId, { requestKey: 'cancel-round-1' });
		await d.db.updateTable('delegate').set({ status: 'cancelled' }).where('id', '=', w.ids[0]).execute();
		await drainAll(d.db);
		expect(smtp.received).toHaveLength(1);
		const m = await d.db.selectFrom('mail_message').select(['status', 'last_error']).where('delegate_id', '=', w.ids[0]).executeTakeFirstOrThrow();
		expect(m.status).toBe('failed');
		expect(m.last_error).toContain('hủy mời');
	});

	it('refuses rounds to roles without the permission', async () => {
		const w = await world(d.db, 1);
		const viewer = await newMember(d.db, w.org.id, 'viewer');
		await expect(sendInvitationRound(d.db, viewer, w.eventId, { requestKey: 'viewer-try-1' })).rejects.toMatchObject({ code: 'forbidden' });
		const outsider = await newMember(d.db, (await newEventWorld(d.db)).org.id, 'admin');
		await expect(sendInvitationRound(d.db, outsider, w.eventId, { requestKey: 'outsider-try' })).rejects.toMatchObject({ code: 'not_found' });
		await expect(sendInvitationRound(d.db, w.admin, w.eventId, { requestKey: 'x' })).rejects.toMatchObject({ code: 'invalid_request_key' });
	});

	it('marks mail interrupted mid-send as uncertain, explains it and lets the organiser requeue it', async () => {
		const w = await world(d.db, 2, { smtp: true });
		smtp.received.length = 0;
		await sendInvitationRound(d.db, w.admin, w.eventId, { requestKey: 'crash-round-1' });
		const claimed = await claimDue(d.db, 1, 60_000);
		expect(claimed).toHaveLength(1);
		// Handed to the SMTP server, then the process died: the outcome is unknown.
		await sql`update mail_message set claim_token = claim_token || ${HANDED_MARK}, locked_until = now() - interval '1 second' where id = ${claimed[0].id}`.execute(d.db);
		expect(await markInterrupted(d.db)).toBe(1);
		await drainAll(d.db);
		expect(smtp.received).toHaveLength(1);
		const { delegates } = await invitationOverview(d.db, w.eventId);
		const u = delegates.find((x) => x.invitation.state === 'uncertain')!;
		expect(u.invitation.error).toContain('gián đoạn');
		await requeueEventMail(d.db, w.admin, w.eventId, u.invitation.messageId!);
		await drainAll(d.db);
		expect(smtp.received).toHaveLength(2);
		expect((await invitationOverview(d.db, w.eventId)).counts.invitation.sent).toBe(2);
	});
});

describe('reminders', () => {
	it('reminds those who have not replied, after a preview, with the confirmed count', async () => {
		const w = await world(d.db, 6, { smtp: true });
		await sendInvitationRound(d.db, w.admin, w.eventId, { requestKey: 'rem-round-001' });
		await drainAll(d.db);
		const first = await delegate(d.db, w.ids[0]);
		await replyByLink(d.db, tokenOf(first), { action: 'attend' }, '127.0.0.1');
		const audience = await reminderAudience(d.db, w.eventId, { replies: ['pending'], tierIds: [], onlyInvited: true });
		// 6 delegates, one without email (the 10th would be, not here), one replied: 5 left.
		expect(audience.map((a) => a.id)).not.toContain(first.id);
		expect(audience).toHaveLength(5);
		const byTier = await reminderAudience(d.db, w.eventId, { replies: ['pending'], tierIds: [w.tiers[1].id], onlyInvited: false });
		expect(byTier.every((a) => a.tierName === w.tiers[1].name)).toBe(true);
		const ids = audience.map((a) => a.id);
		const preview = await reminderPreview(d.db, w.admin, w.eventId, ids);
		expect(preview.count).toBe(5);
		expect(preview.sample!.subject).toContain('Nhắc xác nhận tham dự');
		expect(preview.sample!.text).toContain('/r/');
		await expect(sendReminders(d.db, w.admin, w.eventId, { delegateIds: ids, expectedCount: 4, requestKey: 'rem-nonce-01' })).rejects.toMatchObject({
			code: 'recipients_changed'
		});
		smtp.received.length = 0;
		const r = await sendReminders(d.db, w.admin, w.eventId, { delegateIds: ids, expectedCount: 5, requestKey: 'rem-nonce-02', message: 'Xin trả lời trước thứ Sáu.' });
		expect(r.queued).toBe(5);
		const again = await sendReminders(d.db, w.admin, w.eventId, { delegateIds: ids, expectedCount: 5, requestKey: 'rem-nonce-02' });
		expect(again).toMatchObject({ repeated: true, queued: 0 });
		await drainAll(d.db);
		expect(smtp.received).toHaveLength(5);
		expect(smtp.received[0].text).toContain('Xin trả lời trước thứ Sáu.');
		const keys = await d.db.selectFrom('mail_message').select('idempotency_key').where('event_id', '=', w.eventId).where('kind', '=', 'reminder').execute();
		expect(keys.map((k) => k.idempotency_key).sort()).toEqual(ids.map((id) => `reminder:1:${id}`).sort());
		const second = await sendReminders(d.db, w.admin, w.eventId, { delegateIds: ids.slice(0, 2), expectedCount: 2, requestKey: 'rem-nonce-03' });
		expect(second.queued).toBe(2);
		const rounds = await roundsProgress(d.db, w.eventId);
		expect(rounds.map((x) => x.label)).toEqual(['Thư nhắc lần 2', 'Thư nhắc lần 1', 'Đợt gửi giấy mời 1']);
	});
});

describe('reply page', () => {
	it('confirms, changes to a decline with a reason, and writes audit rows and a notification', async () => {
		const w = await world(d.db, 2);
		const row = await delegate(d.db, w.ids[0]);
		const token = tokenOf(row);
		const page = await replyPage(d.db, token);
		expect(page.delegate.name).toBe(row.full_name);
		expect(page.qr).toContain('<svg');
		expect(page.link).toContain(`/r/${token}`);
		expect(page.closed).toBe(false);
		const heard: string[] = [];
		const un = await d.listen(INVITATION_CHANNEL, (p) => heard.push(p));
		await replyByLink(d.db, token, { action: 'attend' }, '10.0.0.1');
		expect((await delegate(d.db, row.id)).reply_status).toBe('attending');
		await replyByLink(d.db, token, { action: 'decline', reason: 'Trùng lịch công tác' }, '10.0.0.1');
		const after = await delegate(d.db, row.id);
		expect(after).toMatchObject({ reply_status: 'declined', reply_note: 'Trùng lịch công tác', replied_via: 'link' });
		const audit = await d.db.selectFrom('audit_log').selectAll().where('event_id', '=', w.eventId).where('entity_id', '=', String(row.id)).orderBy('id').execute();
		expect(audit.map((a) => a.action)).toEqual(['invitation.reply.attending', 'invitation.reply.declined']);
		expect(audit[0]).toMatchObject({ actor_label: LINK_ACTOR_LABEL, actor_user_id: null, ip: '10.0.0.1' });
		for (let i = 0; i < 50 && heard.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
		expect(heard).toContain(String(w.eventId));
		await un();
	});

	it('refuses a forged, altered or unknown token with a 404', async () => {
		const w = await world(d.db, 1);
		const row = await delegate(d.db, w.ids[0]);
		const token = tokenOf(row);
		const altered = (token[0] === 'a' ? 'b' : 'a') + token.slice(1);
		await expect(replyPage(d.db, altered)).rejects.toMatchObject({ code: 'invalid_link', status: 404 });
		await expect(replyPage(d.db, 'a'.repeat(32))).rejects.toMatchObject({ status: 404 });
		await expect(replyPage(d.db, delegateToken(row.id, row.token_version, 'another-secret-0123456789-0123456789'))).rejects.toMatchObject({ status: 404 });
	});

	it('names a substitute who keeps the tier, needs placing, gets a new link and the invitation; the old link dies', async () => {
		const w = await world(d.db, 3, { smtp: true });
		await sendInvitationRound(d.db, w.admin, w.eventId, { requestKey: 'sub-round-001' });
		await drainAll(d.db);
		smtp.received.length = 0;
		const row = await delegate(d.db, w.ids[1]);
		const oldToken = tokenOf(row);
		const person = parsePerson({ fullName: 'Bà Lê Thị Thay', position: 'Phó Giám đốc', phone: '0912.345.678', email: 'Thay.Le@tinh.gov.vn' });
		expect(person).toMatchObject({ salutation: 'Bà', fullName: 'Lê Thị Thay', phone: '0912345678', email: 'thay.le@tinh.gov.vn' });
		const res = await replyByLink(d.db, oldToken, { action: 'substitute', person }, '10.0.0.2');
		expect(res.substituteLink).toContain('/r/');
		const principal = await delegate(d.db, row.id);
		expect(principal).toMatchObject({ status: 'replaced', reply_status: 'substituted', token_version: row.token_version + 1 });
		await expect(replyPage(d.db, oldToken)).rejects.toMatchObject({ status: 404 });
		const sub = await d.db.selectFrom('delegate').selectAll().where('substitute_for', '=', row.id).executeTakeFirstOrThrow();
		expect(sub).toMatchObject({ tier_id: row.tier_id, source: 'substitute', unit: row.unit, reply_status: 'attending', status: 'active' });
		// The substitute's rank is that of their own position, not the principal's (ngôi thứ không ủy quyền).
		expect(sub.protocol_rank).toBe(substituteRank({ position: 'Phó Giám đốc', unit: row.unit }));
		expect(res.next).toBe(tokenOf(sub));
		const subPage = await replyPage(d.db, res.next);
		expect(subPage.delegate).toMatchObject({ name: 'Lê Thị Thay', isSubstitute: true });
		expect(subPage.delegate.replaces).toContain(row.full_name);
		const { delegates, counts } = await invitationOverview(d.db, w.eventId);
		const subRow = delegates.find((x) => x.id === sub.id)!;
		expect(sub.placed_at).toBeNull();
		expect(subRow.needsPlacing).toBe(true);
		expect(counts.needsPlacing).toBe(1);
		expect(counts.reply.substituted).toBe(0); // the principal is no longer active
		await drainAll(d.db);
		expect(smtp.received).toHaveLength(1);
		expect(smtp.received[0].text).toContain(`/r/${tokenOf(sub)}`);
		expect(smtp.received[0].text).toContain('dự thay');
		const letter = await renderDelegateLetter(d.db, w.eventId, sub.id);
		expect(letter.bytes.length).toBeGreaterThan(1000);
		// The substitute's own link works for their own reply.
		await replyByLink(d.db, res.next, { action: 'decline', reason: 'Ốm' }, null);
		expect((await delegate(d.db, sub.id)).reply_status).toBe('declined');
		const audit = await d.db.selectFrom('audit_log').select(['action', 'actor_label']).where('event_id', '=', w.eventId).where('action', 'like', 'invitation.%').execute();
		expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['invitation.reply.substituted', 'invitation.substitute.added']));
	});

	it('lets a unit name its attendees within its places, each with their own link', async () => {
		const w = await world(d.db, 0, { smtp: true });
		const [unit] = await d.db.transaction().execute((tx) =>
			insertDelegates(tx, [
				{ event_id: w.eventId, tier_id: w.tiers[0].id, kind: 'unit', addressed_to: 'Lãnh đạo Sở Tài chính', unit: 'Sở Tài chính', places: 2, email: 'stc@tinh.gov.vn', source: 'manual' }
			])
		);
		const u = await delegate(d.db, unit.id);
		const token = tokenOf(u);
		await expect(replyByLink(d.db, token, { action: 'attend' }, null)).rejects.toMatchObject({ code: 'unit_needs_names' });
		await replyByLink(d.db, token, { action: 'add_attendee', person: parsePerson({ fullName: 'Ông Phạm Văn Một', position: 'Giám đốc' }) }, null);
		await replyByLink(d.db, token, { action: 'add_attendee', person: parsePerson({ fullName: 'Bà Võ Thị Hai', position: 'Phó Giám đốc', email: 'hai@tinh.gov.vn' }) }, null);
		await expect(
			replyByLink(d.db, token, { action: 'add_attendee', person: parsePerson({ fullName: 'Ông Ba', position: 'Chuyên viên' }) }, null)
		).rejects.toMatchObject({ code: 'unit_places_full' });
		const page = await replyPage(d.db, token);
		expect(page.attendees.map((a) => a.line)).toEqual(['Ông Phạm Văn Một – Giám đốc Sở Tài chính', 'Bà Võ Thị Hai – Phó Giám đốc Sở Tài chính']);
		expect((await delegate(d.db, unit.id)).reply_status).toBe('attending');
		const one = page.attendees[0];
		const attendeePage = await replyPage(d.db, one.link.split('/r/')[1]);
		expect(attendeePage.delegate.name).toBe('Phạm Văn Một');
		await replyByLink(d.db, token, { action: 'remove_attendee', attendeeId: one.id }, null);
		await expect(replyPage(d.db, one.link.split('/r/')[1])).rejects.toMatchObject({ status: 404 });
		expect((await replyPage(d.db, token)).attendees).toHaveLength(1);
		const mails = await d.db.selectFrom('mail_message').select(['to_address', 'kind']).where('event_id', '=', w.eventId).execute();
		expect(mails).toEqual([{ to_address: 'hai@tinh.gov.vn', kind: 'invitation' }]);
		// A unit letter says who is invited and how many places.
		const event = await eventRow(d.db, w.eventId);
		const letter = buildLetter(event, await letterSettings(d.db, event), u);
		expect(letter.recipient).toMatchObject({ addressedTo: 'Lãnh đạo Sở Tài chính', places: 2 });
	});

	it('closes replies once the event has started', async () => {
		const w = await world(d.db, 1, { startsAt: new Date(Date.now() - 3600_000) });
		const token = tokenOf(await delegate(d.db, w.ids[0]));
		expect((await replyPage(d.db, token)).closed).toBe(true);
		await expect(replyByLink(d.db, token, { action: 'attend' }, null)).rejects.toMatchObject({ code: 'replies_closed' });
	});
});

describe('organiser', () => {
	it('records a reply that came by phone, shows it in the history, and refuses viewers', async () => {
		const w = await world(d.db, 2);
		const organiser: Principal = await newMember(d.db, w.org.id, 'organiser');
		await recordReply(d.db, organiser, w.eventId, w.ids[0], { status: 'declined', note: 'Gọi điện báo bận', via: 'phone' });
		const row = await delegate(d.db, w.ids[0]);
		expect(row).toMatchObject({ reply_status: 'declined', replied_via: 'phone', reply_note: 'Gọi điện báo bận' });
		const detail = await delegateInvitationDetail(d.db, organiser, w.eventId, w.ids[0]);
		expect(detail.history[0]).toMatchObject({ action: 'invitation.reply.declined', actor: organiser.user.fullName });
		const viewer = await newMember(d.db, w.org.id, 'viewer');
		await expect(recordReply(d.db, viewer, w.eventId, w.ids[0], { status: 'attending', note: '', via: 'phone' })).rejects.toMatchObject({ code: 'forbidden' });
		await recordReply(d.db, organiser, w.eventId, w.ids[1], {
			status: 'substituted',
			note: '',
			via: 'paper',
			substitute: parsePerson({ fullName: 'Ông Đỗ Văn Thay', position: 'Phó Giám đốc' })
		});
		expect((await delegate(d.db, w.ids[1])).status).toBe('replaced');
	});
});

describe('outbox viewer and SMTP settings', () => {
	it('keeps mail in the local outbox with its text, HTML and letter when no SMTP server is set', async () => {
		const w = await world(d.db, 2);
		await drainAll(d.db);
		smtp.received.length = 0;
		await sendInvitationRound(d.db, w.admin, w.eventId, { requestKey: 'local-round-1' });
		await drainAll(d.db);
		expect(smtp.received).toHaveLength(0);
		const list = await listEventMail(d.db, w.admin, w.eventId);
		expect(list.transport.kind).toBe('local');
		expect(list.counts.sent).toBe(2);
		expect(list.messages.every((m) => m.transport === 'local')).toBe(true);
		const one = await getEventMail(d.db, w.admin, w.eventId, list.messages[0].id);
		expect(one.text_body).toContain('/r/');
		expect(one.html_body).toContain('<a href=');
		const att = await mailAttachment(d.db, w.admin, w.eventId, one.id, 0);
		const fresh = await renderDelegateLetter(d.db, w.eventId, one.delegate_id!);
		expect(sha(att.bytes)).toBe(sha(fresh.bytes));
		const viewer = await newMember(d.db, w.org.id, 'viewer');
		await expect(listEventMail(d.db, viewer, w.eventId)).rejects.toMatchObject({ code: 'forbidden' });
		await expect(getEventMail(d.db, w.admin, w.eventId + 100000, one.id)).rejects.toMatchObject({ status: 404 });
	});

	it('saves the SMTP settings sealed, checks the connection and sends a test mail', async () => {
		const w = await world(d.db, 0);
		const form = parseSmtpForm({ host: '127.0.0.1', port: String(smtp.port), security: 'none', user: 'vanphong', password: 'mat-khau-smtp', from: 'Văn phòng <vp@tinh.gov.vn>' });
		await saveOrganisationSmtp(d.db, w.admin, w.org.id, form);
		const stored = await d.db.selectFrom('setting').select('value').where('organisation_id', '=', w.org.id).executeTakeFirstOrThrow();
		expect(JSON.stringify(stored.value)).not.toContain('mat-khau-smtp');
		const page = await smtpPage(d.db, w.admin, w.org.id);
		expect(page).toMatchObject({ source: 'organisation', form: { host: '127.0.0.1', user: 'vanphong', hasPassword: true } });
		// The test server offers no TLS, so it refuses a password in clear: the verdict says so.
		const refused = await testOrganisationSmtp(d.db, w.admin, w.org.id, null);
		expect(refused.ok).toBe(false);
		console.log('SMTP từ chối đăng nhập không mã hóa:', refused.message);
		await saveOrganisationSmtp(d.db, w.admin, w.org.id, parseSmtpForm({ host: '127.0.0.1', port: String(smtp.port), security: 'none', user: '', password: '', clearPassword: '1', from: 'Văn phòng <vp@tinh.gov.vn>' }));
		expect((await smtpPage(d.db, w.admin, w.org.id)).form.hasPassword).toBe(false);
		const ok = await testOrganisationSmtp(d.db, w.admin, w.org.id, null);
		expect(ok.message).toContain('Kết nối thành công');
		expect(ok.ok).toBe(true);
		const bad = await testOrganisationSmtp(d.db, w.admin, w.org.id, { ...form, port: 1, password: null });
		expect(bad.ok).toBe(false);
		expect(bad.message).toContain('Không kết nối được');
		await drainAll(d.db);
		smtp.received.length = 0;
		await sendTestMail(d.db, w.admin, w.org.id, 'kiemtra@tinh.gov.vn');
		await drainAll(d.db);
		expect(smtp.received.map((m) => m.subject)).toEqual([expect.stringContaining('Thư thử từ Hội Nghị')]);
		expect(() => parseSmtpForm({ host: 'bad host', port: '0', security: 'x', from: '' })).toThrow();
		const organiser = await newMember(d.db, w.org.id, 'organiser');
		await expect(saveOrganisationSmtp(d.db, organiser, w.org.id, form)).rejects.toMatchObject({ code: 'forbidden' });
		await removeOrganisationSmtp(d.db, w.admin, w.org.id);
		expect((await smtpPage(d.db, w.admin, w.org.id)).source).not.toBe('organisation');
	});
});

describe('demo', () => {
	it('seeds a delivered first round in the local outbox, one bounce, one interrupted send, replies, and leaves some to send', async () => {
		const w = await world(d.db, 40);
		await d.db.transaction().execute((tx) =>
			seedInvitationsDemo({
				tx,
				rng: createRng(7),
				eventId: w.eventId,
				organisationId: w.org.id,
				userIds: { admin: w.admin.user.id, organiser: w.admin.user.id, finance: w.admin.user.id, reception: w.admin.user.id, viewer: w.admin.user.id },
				tiers: w.tiers
			})
		);
		const { counts } = await invitationOverview(d.db, w.eventId);
		// 40 delegates, 4 without email, 36 with: 29 invited (80 %), 7 left to send.
		expect(counts.invitation).toMatchObject({ sent: 27, failed: 1, uncertain: 1, not_sent: 7, no_email: 4, waiting: 0 });
		expect(counts.reply.attending + counts.reply.declined).toBeGreaterThan(5);
		const mails = await listEventMail(d.db, w.admin, w.eventId);
		expect(mails.messages.filter((m) => m.transport === 'local')).toHaveLength(27);
		expect((await roundPreview(d.db, w.admin, w.eventId)).toSend).toBe(7);
		expect((await letterSettings(d.db, await eventRow(d.db, w.eventId))).replyDeadline).toBe('2026-12-12');
	});
});

describe('a unit’s attendee recorded by the organiser', () => {
	it('gets their own invitation at once when asked, in the same transaction; otherwise the next round invites them', async () => {
		const w = await newEventWorld(d.db);
		const [unit] = await d.db.transaction().execute((tx) =>
			insertDelegates(tx, [{ event_id: w.eventId, tier_id: w.tiers[1].id, kind: 'unit', addressed_to: 'UBND xã Phước Bình', unit: 'UBND xã Phước Bình', places: 3, email: 'ubnd@phuocbinh.gov.vn', source: 'manual' }])
		);
		const now = await addUnitAttendeeByOrganiser(d.db, w.admin, w.eventId, unit.id, { fullName: 'Ông Nguyễn Văn Hải', position: 'Chủ tịch UBND xã', email: 'hai@phuocbinh.gov.vn' }, { invite: true });
		expect(now.invited).toBe(true);
		const mail = await d.db.selectFrom('mail_message').selectAll().where('idempotency_key', '=', `invitation:${now.id}`).executeTakeFirstOrThrow();
		expect(mail).toMatchObject({ to_address: 'hai@phuocbinh.gov.vn', delegate_id: now.id, status: 'queued', kind: 'invitation' });
		const later = await addUnitAttendeeByOrganiser(d.db, w.admin, w.eventId, unit.id, { fullName: 'Trần Thị Mai', email: 'mai@phuocbinh.gov.vn' }, { invite: false });
		expect(later.invited).toBe(false);
		expect(await d.db.selectFrom('mail_message').select('id').where('idempotency_key', '=', `invitation:${later.id}`).execute()).toHaveLength(0);
		// The next round invites the unit and the one not yet invited, not the one invited already.
		const round = await sendInvitationRound(d.db, w.admin, w.eventId, { requestKey: 'round-after-unit-attendees' });
		expect(round).toMatchObject({ queued: 2, alreadyInvited: 1 });
		const actions = (await d.db.selectFrom('audit_log').select('action').where('event_id', '=', w.eventId).execute()).map((a) => a.action);
		expect(actions.filter((a) => a === 'delegate.unit_attendee.added')).toHaveLength(2);
		// A viewer cannot; a person who is not a unit takes nobody; nothing is written by a refusal.
		const viewer = await newMember(d.db, w.org.id, 'viewer');
		await expect(addUnitAttendeeByOrganiser(d.db, viewer, w.eventId, unit.id, { fullName: 'Lê Văn Sơn' }, { invite: true })).rejects.toMatchObject({ code: 'forbidden' });
		await expect(addUnitAttendeeByOrganiser(d.db, w.admin, w.eventId, now.id, { fullName: 'Lê Văn Sơn', email: 'son@x.vn' }, { invite: true })).rejects.toMatchObject({ code: 'not_a_unit' });
		expect(await d.db.selectFrom('delegate').select('id').where('full_name', '=', 'Lê Văn Sơn').execute()).toHaveLength(0);
		expect(await d.db.selectFrom('mail_message').select('id').where('to_address', '=', 'son@x.vn').execute()).toHaveLength(0);
	});
});
