import { describe, it, expect } from 'vitest';
import { renderNameCards } from '$lib/server/pdf/name-card';
import {
	DIACRITICS,
	hasCombiningMarks,
	hasPoppler,
	pageCount,
	pdfLines,
	pdfText,
	ptToMm,
	squeeze
} from './poppler';

describe.skipIf(!hasPoppler)('renderNameCards', () => {
	it('prints one folded A4 landscape card per person, both halves readable', async () => {
		const bytes = await renderNameCards([
			{
				name: 'Nguyễn Thị Ánh Tuyết',
				salutation: 'Bà',
				position: 'Phó Chủ tịch',
				unit: 'Ủy ban nhân dân tỉnh Ninh Thuận'
			},
			{ name: DIACRITICS.normalize('NFD'), position: 'Giám đốc', unit: 'Sở Tài chính' },
			{ name: 'Đặng Quốc Việt' }
		]);
		expect(pageCount(bytes)).toBe(3);
		const pages = squeeze(pdfText(bytes, 'layout')).split('\f');
		expect(hasCombiningMarks(pages.join(''))).toBe(false);
		const count = (s: string, sub: string) => s.split(sub).length - 1;
		expect(count(pages[0], 'Bà Nguyễn Thị Ánh Tuyết')).toBe(2);
		expect(count(pages[0], 'Phó Chủ tịch – Ủy ban nhân dân tỉnh Ninh Thuận')).toBe(2);
		// This name wraps onto two lines (and the turned copy lists its lines bottom-up): count words.
		for (const word of DIACRITICS.split(' '))
			expect(count(pages[1], word)).toBeGreaterThanOrEqual(2);
		expect(count(pages[2], 'Đặng Quốc Việt')).toBe(2);

		// Each copy stays in its own half of the 210 mm sheet, clear of the fold at 105 mm.
		const lines = pdfLines(bytes).filter((l) => l.page === 3 && l.text.includes('Việt'));
		expect(lines).toHaveLength(2);
		const halves = lines.map((l) => [ptToMm(l.yMin), ptToMm(l.yMax)]).sort((a, b) => a[0] - b[0]);
		expect(halves[0][1]).toBeLessThan(100);
		expect(halves[1][0]).toBeGreaterThan(110);
		// Mirror images: the same distance from the fold.
		expect(Math.abs(105 - halves[0][1] - (halves[1][0] - 105))).toBeLessThan(1);
	});

	it('shrinks a very long name to fit the card width', async () => {
		const long = 'Công Tằng Tôn Nữ Huỳnh Thị Phượng Hoàng Anh Nguyễn Đặng Quốc Việt';
		const bytes = await renderNameCards([{ name: long, position: 'Đại biểu' }]);
		const lines = pdfLines(bytes);
		for (const l of lines) {
			expect(ptToMm(l.xMin)).toBeGreaterThan(9);
			expect(ptToMm(l.xMax)).toBeLessThan(297 - 9);
		}
		expect(squeeze(pdfText(bytes, 'raw').replace(/\n/g, ' '))).toContain(long);
	});
});
