/**
 * Tham luận on a real database (PGlite by default, PostgreSQL with HN_TEST_DB=postgres): the whole path
 * from the call to the booklet, mails, permissions and the contract read by the programme and the budget.
 */
import fs from 'node:fs';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { toolPresent } from '../helpers/tools';
import { newEventWorld, newMember } from '../helpers/factories';
import type { Database_ } from '../../src/lib/server/db';
import type { FileStore } from '../../src/lib/server/files/store';
import { callInput, eventWithCall, FUTURE_EVENT, submissionsDatabase } from './submissions-world';
import {
	addReview,
	createDocument,
	delegateUnitsToInvite,
	inviteUnits,
	updateUnit,
	issueLink,
	listUnits,
	reopenUnit,
	saveCall,
	sendReminders,
	setPresentationOrder,
	submissionsOverview,
	updateDocument,
	uploadStaffVersion,
	getSubmission
} from '../../src/lib/server/submissions/service';
import { resolveLink, unitPage, uploadByLink } from '../../src/lib/server/submissions/public';
import { createDelegate } from '../../src/lib/server/delegates/service';
import { generateBooklet } from '../../src/lib/server/submissions/booklet';
import { bookletPageCount, presentedSubmissions } from '../../src/lib/server/submissions/programme';
import { makeDocx, makePdf } from '../unit/submissions/fixtures';
import { hasPoppler, pageCount, pdfText, squeeze } from '../unit/pdf/poppler';
import { findSoffice } from '../../src/lib/server/submissions/convert';

let d: Database_;
let store: FileStore;
submissionsDatabase('hn-sub-files-', (db, s) => {
	d = db;
	store = s;
});

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const tokenOf = (link: string) => link.split('/u/')[1];

const meta = (title: string) => ({ title, presenterName: 'Nguyễn Thị Ánh', presenterPosition: 'Chủ tịch UBND xã', summary: 'Tóm tắt ngắn' });

const world = () => eventWithCall(d.db);

describe('tham luận: the whole path', () => {
	it('invites, uploads by link, versions, sends back, resubmits, selects and builds the booklet', async () => {
		const { admin, eventId } = await world();
		const invited = await inviteUnits(d.db, admin, eventId, {
			units: [
				{ name: 'UBND xã Phước Hà', email: 'phuocha@xa.gov.vn', contactName: 'Văn phòng xã' },
				{ name: 'Sở Y tế', email: 'soyte@tinh.gov.vn', contactName: '' },
				{ name: 'Hội Nông dân tỉnh', email: null, contactName: '' }
			]
		});
		expect(invited.map((u) => [u.name, u.mailed, u.created])).toEqual([
			['UBND xã Phước Hà', true, true],
			['Sở Y tế', true, true],
			['Hội Nông dân tỉnh', false, true]
		]);
		const mails = await d.db.selectFrom('mail_message').selectAll().where('event_id', '=', eventId).orderBy('id').execute();
		expect(mails.map((m) => m.kind)).toEqual(['submission_invite', 'submission_invite']);
		expect(mails[0].idempotency_key).toBe(`submission.invite:${invited[0].unitId}`);
		expect(mails[0].subject).toContain('Đề nghị gửi tham luận');
		expect(mails[0].text_body).toContain('Hạn gửi: 17:00 25/03/2030 (giờ Việt Nam)');
		expect(mails[0].html_body).toContain('<a href="http://');
		expect(mails[0].sensitive).toBe(true);
		// The mail carries its own working link; the organiser got another one (shown once).
		const mailToken = /\/u\/([a-z2-7]{32})/.exec(mails[0].text_body)![1];
		expect(mailToken).not.toBe(tokenOf(invited[0].link));
		expect((await resolveLink(d.db, mailToken)).unit.name).toBe('UBND xã Phước Hà');
		// Only hashes are stored.
		const links = await d.db.selectFrom('submission_link').select('token_hash').where('event_id', '=', eventId).execute();
		expect(links.some((l) => l.token_hash === mailToken)).toBe(false);
		// Inviting again by the same name changes nothing.
		const again = await inviteUnits(d.db, admin, eventId, { units: [{ name: 'ubnd xã phước hà', email: null, contactName: '' }] });
		expect(again[0]).toMatchObject({ created: false, unitId: invited[0].unitId });

		const token = tokenOf(invited[0].link);
		const v1 = await makePdf({ pages: 3, label: 'Tham luận xã Phước Hà' });
		const r1 = await uploadByLink(d.db, token, { fields: meta('Phước Hà chung sức giảm nghèo'), file: { bytes: v1, name: 'Tham luận Phước Hà.pdf' } }, { store });
		expect(r1.versionNumber).toBe(1);
		const v2 = makeDocx();
		const r2 = await uploadByLink(d.db, token, { fields: meta('Phước Hà chung sức giảm nghèo bền vững'), file: { bytes: v2, name: 'tham-luan-v2.docx' } }, { store });
		expect(r2.versionNumber).toBe(2);
		const page = await unitPage(d.db, token);
		expect(page.versions.map((v) => [v.number, v.file_kind, Number(v.size), v.sha256])).toEqual([
			[2, 'docx', v2.length, sha(v2)],
			[1, 'pdf', v1.length, sha(v1)]
		]);
		expect(page.versions[1].page_count).toBe(3);
		expect(page.paper?.title).toBe('Phước Hà chung sức giảm nghèo bền vững');
		expect(Buffer.from(await store.read(sha(v1))).equals(Buffer.from(v1))).toBe(true);

		const paperId = r1.submissionId;
		await addReview(d.db, admin, eventId, paperId, { decision: null, body: 'Số liệu năm 2024 cần cập nhật.', reopenUntil: null });
		const back = await addReview(d.db, admin, eventId, paperId, {
			decision: 'revision',
			body: 'Đề nghị bổ sung số hộ thoát nghèo năm 2024 và gửi bản PDF.',
			reopenUntil: null
		});
		expect(back.mailed).toBe(true);
		let detail = await getSubmission(d.db, admin, eventId, paperId);
		expect(detail.paper.status).toBe('revision');
		expect(detail.reviews.map((r) => r.decision)).toEqual([null, 'revision']);
		const decisionMail = await d.db.selectFrom('mail_message').selectAll().where('kind', '=', 'submission_decision').where('event_id', '=', eventId).executeTakeFirstOrThrow();
		expect(decisionMail.subject).toContain('Đề nghị chỉnh sửa tham luận');
		expect(decisionMail.text_body).toContain('bổ sung số hộ thoát nghèo');
		expect(decisionMail.text_body).toMatch(/\/u\/[a-z2-7]{32}/);

		// The deadline passes; the unit sent back may still upload (its link reopened), another may not.
		await saveCall(d.db, admin, eventId, callInput({ deadline: new Date(Date.now() - 60_000) }));
		const unitPageBack = await unitPage(d.db, token);
		expect(unitPageBack.window.open).toBe(true);
		expect(unitPageBack.paper?.decision_note).toContain('bổ sung số hộ');
		const v3 = await makePdf({ pages: 2, label: 'Tham luận xã Phước Hà (bản sửa)' });
		const r3 = await uploadByLink(d.db, token, { fields: meta('Phước Hà chung sức giảm nghèo bền vững'), file: { bytes: v3, name: 'ban-sua.pdf' } }, { store });
		expect(r3.versionNumber).toBe(3);
		expect((await listUnits(d.db, eventId)).find((u) => u.id === invited[0].unitId)).toMatchObject({ status: 'submitted', resubmitted: true, versions: 3 });

		const chosen = await addReview(d.db, admin, eventId, paperId, { decision: 'presented', body: '', reopenUntil: null });
		expect(chosen.mailed).toBe(true);
		// Decided: the link no longer takes uploads.
		await expect(
			uploadByLink(d.db, token, { fields: meta('Sửa muộn'), file: { bytes: v3, name: 'x.pdf' } }, { store })
		).rejects.toMatchObject({ code: 'upload_closed' });

		// A second unit, reopened past the deadline by the organiser, sends a tham luận: printed only.
		await expect(
			uploadByLink(d.db, tokenOf(invited[1].link), { fields: meta('Y tế cơ sở'), file: { bytes: v1, name: 'a.pdf' } }, { store })
		).rejects.toMatchObject({ code: 'deadline_passed' });
		await reopenUnit(d.db, admin, eventId, invited[1].unitId, new Date(Date.now() + 3600_000));
		const yte = await makePdf({ pages: 2, label: 'Tham luận Sở Y tế' });
		const ry = await uploadByLink(d.db, tokenOf(invited[1].link), { fields: { ...meta('Chăm sóc sức khỏe người nghèo'), presenterName: 'Trần Văn Bình' }, file: { bytes: yte, name: 'y-te.pdf' } }, { store });
		await addReview(d.db, admin, eventId, ry.submissionId, { decision: 'printed', body: 'Tốt, in trong tài liệu.', reopenUntil: null });

		// The main report, drafted by staff.
		const reportId = await createDocument(d.db, admin, eventId, { kind: 'main_report', title: 'Báo cáo sơ kết 03 năm thực hiện phong trào', ownerUnit: 'Sở Lao động - Thương binh và Xã hội' });
		await expect(updateDocument(d.db, admin, eventId, reportId, { docStatus: 'for_approval' })).rejects.toMatchObject({ code: 'no_version' });
		const report = await makePdf({ pages: 4, label: 'Báo cáo sơ kết' });
		await uploadStaffVersion(d.db, admin, eventId, reportId, { bytes: report, name: 'bao-cao.pdf' }, { store });
		await updateDocument(d.db, admin, eventId, reportId, { docStatus: 'approved' });

		// What the programme reads.
		expect(await presentedSubmissions(d.db, eventId)).toEqual([
			{
				id: paperId,
				title: 'Phước Hà chung sức giảm nghèo bền vững',
				unit: 'UBND xã Phước Hà',
				presenterName: 'Nguyễn Thị Ánh',
				presenterPosition: 'Chủ tịch UBND xã',
				order: 1,
				speakingMinutes: 7
			}
		]);
		expect(await bookletPageCount(d.db, eventId)).toBeNull();

		const booklet = await generateBooklet(d.db, admin, eventId, { store, soffice: null });
		// cover + 1 page of contents + report 4 + presented 2 + printed 2
		expect(booklet.page_count).toBe(1 + 1 + 4 + 2 + 2);
		expect(booklet.contents.map((c) => [c.section, c.startPage, c.pages])).toEqual([
			['report', 3, 4],
			['presented', 7, 2],
			['printed', 9, 2]
		]);
		expect(booklet.missing).toEqual([]);
		expect(await bookletPageCount(d.db, eventId)).toBe(10);
		if (hasPoppler) {
			const bytes = await store.read(booklet.sha256);
			if (process.env.HN_KEEP_BOOKLET) fs.writeFileSync(process.env.HN_KEEP_BOOKLET, bytes);
			expect(pageCount(bytes)).toBe(10);
			const toc = squeeze(pdfText(bytes, 'layout', 2));
			expect(toc).toContain('MỤC LỤC');
			expect(toc).toMatch(/Báo cáo sơ kết 03 năm thực hiện phong trào[ .]+3/);
			// The page number stands at the end of the entry's last line (unit — presenter).
			expect(toc).toMatch(/Phước Hà chung sức giảm nghèo bền vững\n UBND xã Phước Hà — Nguyễn Thị Ánh, Chủ tịch UBND xã[ .]+7\n/);
			expect(toc).toMatch(/Chăm sóc sức khỏe người nghèo\n Sở Y tế — Trần Văn Bình, Chủ tịch UBND xã[ .]+9\n/);
			expect(toc).toContain('II. THAM LUẬN TRÌNH BÀY TẠI HỘI NGHỊ');
			expect(toc).toContain('UBND xã Phước Hà — Nguyễn Thị Ánh, Chủ tịch UBND xã');
			const cover = squeeze(pdfText(bytes, 'layout', 1));
			expect(cover).toContain('TÀI LIỆU HỘI NGHỊ');
			expect(cover).toContain('Ninh Thuận, tháng 4 năm 2030');
			// The presented paper starts on page 7 with its own text, numbered 7.
			const p7 = squeeze(pdfText(bytes, 'layout', 7));
			expect(p7).toContain('Tham luận xã Phước Hà (bản sửa) — trang 1/2');
			expect(p7.trim().split('\n').pop()!.trim()).toBe('7');
		}
		const overview = await submissionsOverview(d.db, admin, eventId);
		expect(overview.counts).toMatchObject({ invited: 3, submitted: 2, none: 1, presented: 1, printed: 1 });
	});
});

describe('tham luận: reminders, links and order', () => {
	it('reminds only units without a submission, once per round, each with a working link', async () => {
		const { admin, eventId } = await world();
		const [a, b, c] = await inviteUnits(d.db, admin, eventId, {
			units: [
				{ name: 'Đơn vị A', email: 'a@tinh.gov.vn', contactName: '' },
				{ name: 'Đơn vị B', email: 'b@tinh.gov.vn', contactName: '' },
				{ name: 'Đơn vị C', email: null, contactName: '' }
			],
			sendMail: false
		});
		expect(await d.db.selectFrom('mail_message').select('id').where('event_id', '=', eventId).execute()).toHaveLength(0);
		await uploadByLink(d.db, tokenOf(b.link), { fields: meta('B đã gửi'), file: { bytes: await makePdf(), name: 'b.pdf' } }, { store });
		const r = await sendReminders(d.db, admin, eventId, { round: 'n1' });
		expect(r).toEqual({ queued: 1, noEmail: ['Đơn vị C'], alreadySent: 0 });
		const again = await sendReminders(d.db, admin, eventId, { round: 'n1' });
		expect(again).toEqual({ queued: 0, noEmail: ['Đơn vị C'], alreadySent: 1 });
		const mails = await d.db.selectFrom('mail_message').selectAll().where('event_id', '=', eventId).execute();
		expect(mails).toHaveLength(1);
		expect(mails[0].to_address).toBe('a@tinh.gov.vn');
		expect(mails[0].subject).toMatch(/^Nhắc gửi tham luận/);
		const t = /\/u\/([a-z2-7]{32})/.exec(mails[0].text_body)![1];
		expect((await resolveLink(d.db, t)).unit.id).toBe(a.unitId);
		expect((await listUnits(d.db, eventId)).find((u) => u.id === a.unitId)?.reminderCount).toBe(1);
		void c;
	});

	it('issues a new link, revoking the old ones when asked', async () => {
		const { admin, eventId } = await world();
		const [u] = await inviteUnits(d.db, admin, eventId, { units: [{ name: 'Đơn vị D', email: null, contactName: '' }] });
		const fresh = await issueLink(d.db, admin, eventId, u.unitId, { revokeOthers: true });
		expect(fresh.revoked).toBe(1);
		await expect(resolveLink(d.db, tokenOf(u.link))).rejects.toMatchObject({ code: 'link_invalid', status: 404 });
		expect((await resolveLink(d.db, tokenOf(fresh.link))).unit.id).toBe(u.unitId);
	});

	it('orders the presented tham luận and keeps the order without gaps', async () => {
		const { admin, eventId } = await world();
		const units = await inviteUnits(d.db, admin, eventId, {
			units: ['Xã Một', 'Xã Hai', 'Xã Ba'].map((name) => ({ name, email: null, contactName: '' }))
		});
		const ids: number[] = [];
		for (const u of units) {
			const r = await uploadByLink(d.db, tokenOf(u.link), { fields: meta(`Tham luận ${u.name}`), file: { bytes: await makePdf({ label: u.name }), name: 'a.pdf' } }, { store });
			await addReview(d.db, admin, eventId, r.submissionId, { decision: 'presented', body: '', reopenUntil: null });
			ids.push(r.submissionId);
		}
		await setPresentationOrder(d.db, admin, eventId, [
			{ id: ids[2], speakingMinutes: 5 },
			{ id: ids[0], speakingMinutes: 10 },
			{ id: ids[1], speakingMinutes: 7 }
		]);
		expect((await presentedSubmissions(d.db, eventId)).map((p) => [p.unit, p.order, p.speakingMinutes])).toEqual([
			['Xã Ba', 1, 5],
			['Xã Một', 2, 10],
			['Xã Hai', 3, 7]
		]);
		await addReview(d.db, admin, eventId, ids[2], { decision: 'printed', body: '', reopenUntil: null });
		expect((await presentedSubmissions(d.db, eventId)).map((p) => [p.unit, p.order])).toEqual([
			['Xã Một', 1],
			['Xã Hai', 2]
		]);
		await expect(setPresentationOrder(d.db, admin, eventId, [{ id: ids[0], speakingMinutes: 5 }])).rejects.toMatchObject({ code: 'order_mismatch' });
	});

	it('refuses a decision before any file, and a second main report', async () => {
		const { admin, eventId } = await world();
		const docId = await createDocument(d.db, admin, eventId, { kind: 'directing_speech', title: 'Phát biểu chỉ đạo' });
		await expect(createDocument(d.db, admin, eventId, { kind: 'directing_speech', title: 'Khác' })).rejects.toMatchObject({ code: 'document_exists' });
		await expect(addReview(d.db, admin, eventId, docId, { decision: 'presented', body: '', reopenUntil: null })).rejects.toMatchObject({ code: 'decision_not_allowed' });
		await addReview(d.db, admin, eventId, docId, { decision: null, body: 'Rút gọn phần mở đầu.', reopenUntil: null });
	});
});

describe('tham luận: inviting units from the delegate list', () => {
	const unitDelegate = (tierId: number, unit: string, email: string | null, addressedTo = `Lãnh đạo ${unit}`) => ({
		kind: 'unit' as const,
		tierId,
		salutation: null,
		fullName: '',
		position: '',
		unit,
		addressedTo,
		places: 2,
		email,
		phone: null,
		seat: '',
		notes: '',
		protocolRank: null
	});

	it('invites the units chosen from the delegate list, with their emails, and offers them only once', async () => {
		const { admin, eventId, tiers } = await world();
		const tier = tiers[1].id;
		const taiChinh = await createDelegate(d.db, admin, eventId, unitDelegate(tier, 'Sở Tài chính', 'stc@tinh.gov.vn'));
		const phuocHa = await createDelegate(d.db, admin, eventId, unitDelegate(tier, 'UBND xã Phước Hà', null, 'Chủ tịch UBND xã Phước Hà'));
		const yTe = await createDelegate(d.db, admin, eventId, unitDelegate(tier, 'Sở Y tế', 'syt@tinh.gov.vn'));
		const xayDung = await createDelegate(d.db, admin, eventId, unitDelegate(tier, 'Sở Xây dựng', null));
		const person = await createDelegate(d.db, admin, eventId, { ...unitDelegate(tier, 'Sở Nội vụ', null, ''), kind: 'person', salutation: 'Ông', fullName: 'Lê Văn An', position: 'Giám đốc', places: 1 });
		await d.db.updateTable('delegate').set({ status: 'cancelled' }).where('id', '=', xayDung).execute();
		// Sở Y tế was already invited by typing its name: not offered again.
		await inviteUnits(d.db, admin, eventId, { units: [{ name: 'Sở y tế', email: null, contactName: '' }], sendMail: false });

		const offered = await delegateUnitsToInvite(d.db, eventId);
		expect(offered.map((o) => [o.delegateId, o.name, o.email]).sort((x, y) => Number(x[0]) - Number(y[0]))).toEqual([
			[taiChinh, 'Sở Tài chính', 'stc@tinh.gov.vn'],
			[phuocHa, 'UBND xã Phước Hà', null]
		]);

		const invited = await inviteUnits(d.db, admin, eventId, { delegateIds: offered.map((o) => o.delegateId) });
		expect(invited.map((u) => [u.name, u.email, u.created, u.mailed]).sort()).toEqual([
			['Sở Tài chính', 'stc@tinh.gov.vn', true, true],
			['UBND xã Phước Hà', null, true, false]
		]);
		const units = await d.db.selectFrom('submission_unit').select(['name', 'delegate_id']).where('event_id', '=', eventId).orderBy('id').execute();
		expect(units.slice(1).map((u) => [u.name, u.delegate_id]).sort()).toEqual([
			['Sở Tài chính', taiChinh],
			['UBND xã Phước Hà', phuocHa]
		]);
		const mail = await d.db.selectFrom('mail_message').selectAll().where('event_id', '=', eventId).where('kind', '=', 'submission_invite').executeTakeFirstOrThrow();
		expect(mail.to_address).toBe('stc@tinh.gov.vn');
		const t = /\/u\/([a-z2-7]{32})/.exec(mail.text_body)![1];
		expect((await resolveLink(d.db, t)).unit.name).toBe('Sở Tài chính');
		const link = invited.find((u) => u.name === 'UBND xã Phước Hà')!.link;
		expect((await resolveLink(d.db, tokenOf(link))).unit.delegate_id).toBe(phuocHa);
		expect(await delegateUnitsToInvite(d.db, eventId)).toEqual([]);
		expect(yTe).toBeGreaterThan(0);

		// Chosen again after the organiser renamed the invited unit: still the same unit, no second invitation.
		const tc = invited.find((u) => u.name === 'Sở Tài chính')!;
		await updateUnit(d.db, admin, eventId, tc.unitId, { name: 'Sở Tài chính tỉnh Ninh Thuận', email: 'stc@tinh.gov.vn', contactName: '' });
		const again = await inviteUnits(d.db, admin, eventId, { delegateIds: [taiChinh] });
		expect(again).toEqual([expect.objectContaining({ unitId: tc.unitId, created: false, name: 'Sở Tài chính tỉnh Ninh Thuận' })]);

		// A person, a cancelled invitation, or a row of another event is not a unit to invite.
		const before = await d.db.selectFrom('submission_unit').select('id').where('event_id', '=', eventId).execute();
		await expect(inviteUnits(d.db, admin, eventId, { delegateIds: [person] })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining('Lê Văn An') });
		await expect(inviteUnits(d.db, admin, eventId, { delegateIds: [xayDung] })).rejects.toMatchObject({ code: 'invalid_input' });
		const other = await world();
		const elsewhere = await createDelegate(d.db, other.admin, other.eventId, unitDelegate(other.tiers[1].id, 'Sở Công Thương', null));
		await expect(inviteUnits(d.db, admin, eventId, { delegateIds: [elsewhere] })).rejects.toMatchObject({ status: 404 });
		expect(await d.db.selectFrom('submission_unit').select('id').where('event_id', '=', eventId).execute()).toHaveLength(before.length);
		expect(await d.db.selectFrom('mail_message').select('id').where('event_id', '=', eventId).execute()).toHaveLength(1);
	});
});

describe('tham luận: permissions and scoping', () => {
	it('lets viewers read and only organisers and admins review; hides other organisations', async () => {
		const { admin, eventId, org } = await world();
		const viewer = await newMember(d.db, org.id, 'viewer');
		const organiser = await newMember(d.db, org.id, 'organiser');
		const finance = await newMember(d.db, org.id, 'finance');
		const [u] = await inviteUnits(d.db, organiser, eventId, { units: [{ name: 'Đơn vị E', email: null, contactName: '' }] });
		const r = await uploadByLink(d.db, tokenOf(u.link), { fields: meta('E'), file: { bytes: await makePdf(), name: 'e.pdf' } }, { store });
		expect((await submissionsOverview(d.db, viewer, eventId)).canReview).toBe(false);
		await expect(addReview(d.db, viewer, eventId, r.submissionId, { decision: 'printed', body: '', reopenUntil: null })).rejects.toMatchObject({ status: 403 });
		await expect(submissionsOverview(d.db, finance, eventId)).rejects.toMatchObject({ status: 403 });
		const other = await newEventWorld(d.db, FUTURE_EVENT);
		await expect(getSubmission(d.db, other.admin, eventId, r.submissionId)).rejects.toMatchObject({ status: 404 });
		// A submission of another event is not found through this event.
		await saveCall(d.db, other.admin, other.eventId, callInput());
		await expect(getSubmission(d.db, other.admin, other.eventId, r.submissionId)).rejects.toMatchObject({ code: 'not_found' });
		expect((await addReview(d.db, admin, eventId, r.submissionId, { decision: 'printed', body: '', reopenUntil: null })).mailed).toBe(false);
	});

	it('writes an audit row with each change and none for a refused one', async () => {
		const { admin, eventId } = await world();
		const [u] = await inviteUnits(d.db, admin, eventId, { units: [{ name: 'Đơn vị F', email: null, contactName: '' }] });
		await uploadByLink(d.db, tokenOf(u.link), { fields: meta('F'), file: { bytes: await makePdf(), name: 'f.pdf' } }, { store });
		const rows = await d.db.selectFrom('audit_log').select(['action', 'actor_label']).where('event_id', '=', eventId).orderBy('id').execute();
		expect(rows.map((r) => r.action)).toEqual(['event.created', 'submission.call.created', 'submission.units.invited', 'submission.version.uploaded']);
		expect(rows[3].actor_label).toBe('Đơn vị F (liên kết riêng)');
	});
});

describe('tham luận: DOCX in the booklet', () => {
	it('lists a DOCX as needing a PDF without LibreOffice, and converts it when soffice is present', async () => {
		const { admin, eventId } = await world();
		const [u] = await inviteUnits(d.db, admin, eventId, { units: [{ name: 'UBND phường Nha Trang', email: null, contactName: '' }] });
		const docx = makeDocx([['Tham luận phường Nha Trang', 'Trang một.'], ['Trang hai của tham luận.']]);
		const r = await uploadByLink(d.db, tokenOf(u.link), { fields: meta('Nha Trang đồng hành cùng hộ nghèo'), file: { bytes: docx, name: 'nha-trang.docx' } }, { store });
		await addReview(d.db, admin, eventId, r.submissionId, { decision: 'printed', body: '', reopenUntil: null });
		const reportId = await createDocument(d.db, admin, eventId, { kind: 'main_report', title: 'Báo cáo tổng kết' });
		await uploadStaffVersion(d.db, admin, eventId, reportId, { bytes: await makePdf({ pages: 2 }), name: 'bc.pdf' }, { store });
		const without = await generateBooklet(d.db, admin, eventId, { store, soffice: null });
		expect(without.missing).toEqual([
			expect.objectContaining({ submissionId: r.submissionId, reason: 'docx_needs_pdf', message: expect.stringContaining('chưa cài LibreOffice') })
		]);
		expect(without.contents.map((c) => c.kind)).toEqual(['main_report']);
		const soffice = findSoffice();
		// Without LibreOffice the conversion cannot be tried here (it is, in CI: toolPresent throws there).
		if (!toolPresent('LibreOffice (soffice)', !!soffice) || !soffice) return;
		const withLo = await generateBooklet(d.db, admin, eventId, { store, soffice });
		expect(withLo.missing).toEqual([]);
		expect(withLo.contents.map((c) => [c.kind, c.converted, c.pages])).toEqual([
			['main_report', false, 2],
			['tham_luan', true, 2]
		]);
		const v = await d.db.selectFrom('submission_version').select('converted_sha256').where('submission_id', '=', r.submissionId).executeTakeFirstOrThrow();
		expect(v.converted_sha256).toMatch(/^[0-9a-f]{64}$/);
		if (hasPoppler) expect(pdfText(await store.read(withLo.sha256))).toContain('Trang hai của tham luận.');
	}, 180_000);
});
