import { describe, expect, it } from 'vitest';
import { uploadWindow, linkExpiry } from '../../../src/lib/server/submissions/service';
import { parseCallInput, parseOrder, parseReviewInput, parseUnitLines, parsePaperMeta } from '../../../src/lib/server/submissions/schema';
import { timeLeftText, kindLabel } from '../../../src/lib/server/submissions/labels';
import { decisionMail, inviteMail, reminderMail } from '../../../src/lib/server/submissions/notifications';

const deadline = new Date('2030-03-25T10:00:00Z');
const before = new Date('2030-03-20T00:00:00Z');
const after = new Date('2030-03-26T00:00:00Z');

describe('upload window', () => {
	it('is open before the deadline and closed after it', () => {
		expect(uploadWindow({ deadline }, { reopened_until: null }, null, before)).toMatchObject({ open: true, until: deadline });
		expect(uploadWindow({ deadline }, { reopened_until: null }, { status: 'submitted' }, after)).toMatchObject({ open: false, reason: 'deadline_passed' });
	});

	it('reopens for one unit (reopened or sent back) past the deadline', () => {
		const until = new Date('2030-03-28T10:00:00Z');
		expect(uploadWindow({ deadline }, { reopened_until: until }, { status: 'revision' }, after)).toMatchObject({ open: true, until, reopened: true });
		expect(uploadWindow({ deadline }, { reopened_until: until }, { status: 'revision' }, new Date('2030-03-29T00:00:00Z'))).toMatchObject({ open: false });
	});

	it('freezes a decided paper unless the organiser reopened it', () => {
		for (const status of ['presented', 'printed', 'rejected'] as const)
			expect(uploadWindow({ deadline }, { reopened_until: null }, { status }, before)).toMatchObject({ open: false, reason: 'decided' });
		expect(uploadWindow({ deadline }, { reopened_until: new Date('2030-03-21T00:00:00Z') }, { status: 'presented' }, before)).toMatchObject({ open: true });
		expect(uploadWindow(null, { reopened_until: null }, null, before)).toMatchObject({ open: false, reason: 'no_call' });
	});

	it('lets links live 30 days after the event', () => {
		expect(linkExpiry({ starts_at: new Date('2030-04-05T00:30:00Z'), ends_at: null }).toISOString()).toBe('2030-05-05T10:30:00.000Z');
	});
});

describe('parsing', () => {
	it('reads pasted units one per line, the email anywhere', () => {
		const r = parseUnitLines('UBND xã Phước Hà, vanphong@phuocha.gov.vn\n\nSở Y tế\tsoyte@tinh.gov.vn\nHội Nông dân tỉnh\n<nhcsxh@tinh.gov.vn> Ngân hàng Chính sách xã hội');
		expect(r.ok && r.value).toEqual([
			{ name: 'UBND xã Phước Hà', email: 'vanphong@phuocha.gov.vn', contactName: '' },
			{ name: 'Sở Y tế', email: 'soyte@tinh.gov.vn', contactName: '' },
			{ name: 'Hội Nông dân tỉnh', email: null, contactName: '' },
			{ name: 'Ngân hàng Chính sách xã hội', email: 'nhcsxh@tinh.gov.vn', contactName: '' }
		]);
		const bad = parseUnitLines('Đơn vị A, a@b\n, x@y.vn');
		expect(bad.ok).toBe(false);
		if (!bad.ok) expect(Object.values(bad.errors)).toEqual(['Dòng 1: Email không hợp lệ', 'Dòng 2: Vui lòng nhập tên đơn vị']);
	});

	it('reads the call with Vietnam time and checks each field', () => {
		const ok = parseCallInput({ deadline: '2030-03-25T17:00', acceptPdf: 'on', maxSizeMb: '10', speakingMinutes: '5' });
		expect(ok.ok && ok.value).toMatchObject({ deadline: new Date('2030-03-25T10:00:00Z'), acceptPdf: true, acceptDocx: false, maxSizeMb: 10, speakingMinutes: 5 });
		const bad = parseCallInput({ deadline: 'mai', acceptPdf: '', acceptDocx: '', maxSizeMb: '25', speakingMinutes: '0' });
		expect(!bad.ok && Object.keys(bad.errors).sort()).toEqual(['acceptPdf', 'deadline', 'maxSizeMb', 'speakingMinutes']);
	});

	it('requires a reason to send back, and a valid decision', () => {
		expect(parseReviewInput({ decision: 'revision', body: '' }).ok).toBe(false);
		expect(parseReviewInput({ decision: 'chon', body: 'x' }).ok).toBe(false);
		expect(parseReviewInput({ body: '' }).ok).toBe(false);
		const r = parseReviewInput({ decision: 'revision', body: 'Sửa số liệu', reopenUntil: '2030-03-28T17:00' });
		expect(r.ok && r.value).toEqual({ decision: 'revision', body: 'Sửa số liệu', reopenUntil: new Date('2030-03-28T10:00:00Z') });
	});

	it('normalises the details of a tham luận', () => {
		const r = parsePaperMeta({ title: '  Tha\u0300m   luận ', presenterName: 'Lê  Văn A' });
		expect(r.ok && r.value).toEqual({ title: 'Thàm luận', presenterName: 'Lê Văn A', presenterPosition: '', summary: '' });
		expect(parseOrder([{ id: 1, speakingMinutes: 5 }, { id: 1, speakingMinutes: 5 }]).ok).toBe(false);
	});
});

describe('labels and mails', () => {
	it('says how much time is left', () => {
		const now = new Date('2030-03-20T00:00:00Z');
		expect(timeLeftText(new Date('2030-03-23T04:00:00Z'), now)).toBe('còn 3 ngày 4 giờ');
		expect(timeLeftText(new Date('2030-03-20T05:12:00Z'), now)).toBe('còn 5 giờ 12 phút');
		expect(timeLeftText(new Date('2030-03-20T00:00:30Z'), now)).toBe('còn 1 phút');
		expect(timeLeftText(new Date('2030-03-19T00:00:00Z'), now)).toBe('đã quá hạn');
		expect(kindLabel('main_report', 'so_ket')).toBe('Báo cáo sơ kết');
	});

	const event = { title: 'Hội nghị tổng kết <2025>', startsAt: new Date('2030-04-05T00:30:00Z'), venue: 'Hội trường A', organiserName: 'Sở Nông nghiệp và Môi trường' };
	const call = { guidance: 'Nêu cách làm hay', deadline, acceptPdf: true, acceptDocx: true, maxSizeMb: 20, expectedLength: '3–5 trang', speakingMinutes: 7 };

	it('writes the invitation in Vietnamese with the link and escaped HTML', () => {
		const m = inviteMail({ event, call, unitName: 'UBND xã Phước Hà', link: 'https://hoinghi.vn/u/abc' });
		expect(m.subject).toBe('Đề nghị gửi tham luận: Hội nghị tổng kết <2025>');
		expect(m.text).toContain('Kính gửi: UBND xã Phước Hà');
		expect(m.text).toContain('Hạn gửi: 17:00 25/03/2030 (giờ Việt Nam)');
		expect(m.text).toContain('Định dạng: PDF hoặc Word (.docx), tối đa 20 MB');
		expect(m.text).toContain('https://hoinghi.vn/u/abc');
		expect(m.html).toContain('Hội nghị tổng kết &lt;2025&gt;');
		expect(m.html).not.toContain('<2025>');
		expect(m.html).toContain('href="https://hoinghi.vn/u/abc"');
	});

	it('reminds with the deadline, and says why a paper is sent back', () => {
		expect(reminderMail({ event, call, unitName: 'Sở Y tế', link: 'L', deadline }).subject).toBe('Nhắc gửi tham luận (hạn 17:00 25/03/2030): Hội nghị tổng kết <2025>');
		const back = decisionMail({ event, unitName: 'Sở Y tế', title: 'Y tế cơ sở', decision: 'revision', note: 'Bổ sung số liệu', reopenUntil: new Date('2030-03-28T10:00:00Z'), link: 'https://x/u/t' });
		expect(back.subject).toMatch(/^Đề nghị chỉnh sửa tham luận/);
		expect(back.text).toContain('Nội dung cần chỉnh sửa:\nBổ sung số liệu');
		expect(back.text).toContain('trước 17:00 28/03/2030 (giờ Việt Nam)');
		const chosen = decisionMail({ event, unitName: 'Sở Y tế', title: 'Y tế cơ sở', decision: 'presented', note: '', presenterName: 'Võ Thị Thu', speakingMinutes: 7 });
		expect(chosen.text).toContain('được chọn trình bày tại hội nghị, thời gian trình bày khoảng 7 phút');
		expect(chosen.text).toContain('Người trình bày: Võ Thị Thu');
	});
});
