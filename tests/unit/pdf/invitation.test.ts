import { describe, it, expect } from 'vitest';
import { recipientLine, renderInvitations } from '$lib/server/pdf/invitation';
import {
	DIACRITICS,
	decodeQr,
	hasCombiningMarks,
	hasPoppler,
	pageCount,
	pdfLines,
	pdfText,
	squeeze
} from './poppler';
import { EVENT_TITLE, sampleLetter } from './samples';

describe('recipientLine', () => {
	it('joins salutation, name, position and unit', () => {
		expect(recipientLine(sampleLetter().recipient)).toBe(
			'Bà Nguyễn Thị Ánh Tuyết – Giám đốc Sở Tài chính'
		);
	});

	it('does not repeat a unit already in the position', () => {
		const r = { ...sampleLetter().recipient, position: 'Giám đốc Sở Tài chính' };
		expect(recipientLine(r)).toBe('Bà Nguyễn Thị Ánh Tuyết – Giám đốc Sở Tài chính');
	});

	it('addresses an office with its number of seats', () => {
		const r = {
			salutation: null,
			name: null,
			position: null,
			unit: null,
			addressedTo: 'Lãnh đạo Sở Tài chính',
			places: 2
		};
		expect(recipientLine(r)).toBe('Lãnh đạo Sở Tài chính (02 đại biểu)');
	});
});

describe.skipIf(!hasPoppler)('renderInvitations', () => {
	it('prints one page per letter with the NĐ 30 header, body and signer', async () => {
		const bytes = await renderInvitations([
			sampleLetter(),
			sampleLetter({
				docNumber: '125',
				issueDate: new Date('2024-03-25T03:00:00Z'),
				recipient: {
					salutation: null,
					name: null,
					position: null,
					unit: null,
					addressedTo: 'Lãnh đạo Sở Tài chính',
					places: 2
				}
			})
		]);
		expect(pageCount(bytes)).toBe(2);
		const p1 = squeeze(pdfText(bytes, 'layout', 1));
		expect(p1).toContain('ỦY BAN NHÂN DÂN');
		expect(p1).toContain('TỈNH NINH THUẬN');
		expect(p1).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
		expect(p1).toContain('Độc lập - Tự do - Hạnh phúc');
		expect(p1).toContain('Số: /GM-UBND');
		expect(p1).toContain('Ninh Thuận, ngày tháng năm 2024');
		expect(p1).toContain('GIẤY MỜI');
		expect(p1).toContain('Ủy ban nhân dân tỉnh Ninh Thuận trân trọng kính mời:');
		expect(p1).toContain('Bà Nguyễn Thị Ánh Tuyết – Giám đốc Sở Tài chính');
		expect(p1).toContain('07 giờ 30 phút, Thứ Sáu, ngày 05 tháng 4 năm 2024');
		expect(p1).toContain('Mã check-in: K7Q2-9PLM');
		expect(p1).toContain('Nơi nhận:');
		expect(p1).toContain('KT. CHỦ TỊCH');
		expect(p1).toContain('Huỳnh Thị Phượng');
		expect(p1).toContain('./.');
		// The event title wraps inside a justified paragraph: compare with the line breaks removed.
		expect(squeeze(pdfText(bytes, 'raw', 1).replace(/\n/g, ' '))).toContain(EVENT_TITLE);

		const p2 = squeeze(pdfText(bytes, 'layout', 2));
		expect(p2).toContain('Số: 125/GM-UBND');
		expect(p2).toContain('Ninh Thuận, ngày 25 tháng 3 năm 2024');
		expect(p2).toContain('Lãnh đạo Sở Tài chính (02 đại biểu)');
		expect(p2).toContain('Quý cơ quan cử đại biểu');
	});

	it('keeps every diacritic and turns NFD input into NFC text', async () => {
		const nfd = DIACRITICS.normalize('NFD');
		const bytes = await renderInvitations([
			sampleLetter({
				recipient: { salutation: 'Bà', name: nfd, position: null, unit: null, addressedTo: null },
				signerName: 'Đặng Quốc Việt'.normalize('NFD')
			})
		]);
		for (const mode of ['layout', 'raw'] as const) {
			const text = pdfText(bytes, mode);
			expect(hasCombiningMarks(text)).toBe(false);
			expect(squeeze(text)).toContain(`Bà ${DIACRITICS}`);
			expect(squeeze(text)).toContain('Đặng Quốc Việt');
		}
	});

	it('draws a QR that decodes to the personal link', async () => {
		const letter = sampleLetter();
		const bytes = await renderInvitations([letter]);
		expect(decodeQr(bytes, 1, 150)).toBe(letter.qrPayload);
	});

	it('continues a long letter on a numbered page 2 and starts the next letter afresh', async () => {
		const long = sampleLetter({
			programmeSummary: Array.from(
				{ length: 16 },
				(_, i) =>
					`Nội dung ${i + 1}: báo cáo, tham luận và thảo luận về kết quả thực hiện ` +
					'Phong trào thi đua tại địa phương;'
			)
		});
		const bytes = await renderInvitations([
			long,
			sampleLetter({ recipient: { ...long.recipient, name: 'Đặng Quốc Việt', salutation: 'Ông' } })
		]);
		expect(pageCount(bytes)).toBe(3);
		const lines = pdfLines(bytes);
		const pageTop = (page: number) =>
			lines.filter((l) => l.page === page).sort((a, b) => a.yMin - b.yMin)[0];
		// NĐ 30: page number centred in the top margin, none on page 1.
		expect(pageTop(2).text).toBe('2');
		expect(pageTop(2).yMax).toBeLessThan((20 * 72) / 25.4);
		expect(pageTop(1).text).not.toBe('1');
		expect(pageTop(3).text).not.toBe('2');
		// The signature sits with the closing sentence on page 2; letter 2 is one page.
		expect(squeeze(pdfText(bytes, 'layout', 2))).toContain('Huỳnh Thị Phượng');
		expect(squeeze(pdfText(bytes, 'layout', 3))).toContain('Ông Đặng Quốc Việt');
		// Nothing crosses the 20 mm bottom margin or the left/right margins.
		const pageH = (297 * 72) / 25.4;
		for (const l of lines) {
			expect(l.yMax).toBeLessThanOrEqual(pageH - (20 * 72) / 25.4 + 0.5);
			expect(l.xMin).toBeGreaterThanOrEqual((30 * 72) / 25.4 - 0.5);
			expect(l.xMax).toBeLessThanOrEqual(((210 - 15) * 72) / 25.4 + 0.5);
		}
	});
});
