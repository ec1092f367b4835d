import { describe, it, expect, beforeAll } from 'vitest';
import {
	blockHeight,
	createPdf,
	fitText,
	layoutParagraph,
	measureText,
	mm,
	prepareText,
	renderTablePdf,
	wrapText,
	type PdfFonts
} from '$lib/server/pdf/doc';
import { loadFontBytes } from '$lib/server/pdf/fonts';
import { DIACRITICS, hasCombiningMarks, hasPoppler, pageCount, pdfText, squeeze } from './poppler';

let fonts: PdfFonts;

beforeAll(async () => {
	fonts = (await createPdf()).fonts;
});

describe('fonts', () => {
	it('decodes the four Tinos faces once', () => {
		const a = loadFontBytes();
		expect(loadFontBytes()).toBe(a);
		for (const face of ['regular', 'bold', 'italic', 'boldItalic'] as const) {
			expect(a[face].length).toBeGreaterThan(30_000);
			expect([...a[face].slice(0, 4)]).toEqual([0, 1, 0, 0]);
		}
	});
});

describe('text preparation', () => {
	it('normalises NFD to NFC and keeps every Vietnamese letter', () => {
		const nfd = DIACRITICS.normalize('NFD');
		expect(hasCombiningMarks(nfd)).toBe(true);
		expect(prepareText(nfd, fonts.regular)).toBe(DIACRITICS.normalize('NFC'));
		expect(measureText(nfd, fonts.regular, 12)).toBeCloseTo(
			measureText(DIACRITICS, fonts.regular, 12),
			6
		);
	});

	it('drops invisible characters, maps lookalikes and marks what the font lacks', () => {
		expect(prepareText('A\u200bB\u00adC\u2212D\tE', fonts.regular)).toBe('ABC-D E');
		expect(prepareText('Số 5 ★', fonts.regular)).toBe('Số 5 ?');
	});
});

describe('wrapText', () => {
	it('keeps every line within the width and breaks an over-long word', () => {
		const text = `Ủy ban nhân dân xã Phước Bình ${'X'.repeat(80)} huyện Bác Ái`;
		const width = mm(60);
		const lines = wrapText(text, fonts.regular, 12, width);
		expect(lines.length).toBeGreaterThan(2);
		for (const l of lines)
			expect(measureText(l, fonts.regular, 12)).toBeLessThanOrEqual(width + 0.01);
		expect(lines.join(' ').replace(/ /g, '')).toBe(text.replace(/ /g, ''));
	});

	it('honours hard line breaks and empty lines', () => {
		expect(wrapText('Một\n\nHai', fonts.regular, 12, 500)).toEqual(['Một', '', 'Hai']);
	});
});

describe('fitText', () => {
	it('uses the largest size that fits, within the range', () => {
		const short = fitText('Nguyễn Văn An', {
			font: fonts.bold,
			width: mm(100),
			height: mm(20),
			maxSize: 30,
			minSize: 12
		});
		expect(short.size).toBe(30);
		expect(short.lines).toEqual(['Nguyễn Văn An']);

		const long = fitText('Ủy ban nhân dân xã Phước Bình, huyện Bác Ái, tỉnh Ninh Thuận', {
			font: fonts.bold,
			width: mm(100),
			height: mm(12),
			maxSize: 30,
			minSize: 10,
			maxLines: 1
		});
		expect(long.size).toBeLessThan(30);
		expect(long.size).toBeGreaterThanOrEqual(10);
		expect(long.lines).toHaveLength(1);
		expect(measureText(long.lines[0], fonts.bold, long.size)).toBeLessThanOrEqual(mm(100) + 0.01);
	});

	it('wraps into the box and stays inside it even below the minimum', () => {
		const text = 'Đã có thành tích xuất sắc trong Phong trào thi đua. '.repeat(30);
		const box = { width: mm(120), height: mm(30) };
		const fit = fitText(text, { font: fonts.regular, ...box, maxSize: 18, minSize: 10 });
		expect(fit.height).toBeLessThanOrEqual(box.height + 0.01);
		expect(blockHeight(fit.lines.length, fit.size, fit.lineHeight)).toBeCloseTo(fit.height, 6);
		for (const l of fit.lines)
			expect(measureText(l, fonts.regular, fit.size)).toBeLessThanOrEqual(box.width + 0.01);
		expect(fit.truncated || fit.belowMin).toBe(true);
	});

	it('balances centred lines', () => {
		const text =
			'Đã có thành tích xuất sắc trong Phong trào thi đua “Vì người nghèo – Không để ai bị bỏ lại phía sau” giai đoạn 2021 - 2023';
		const opts = { font: fonts.regular, width: mm(200), maxSize: 16, minSize: 16, maxLines: 2 };
		const greedy = fitText(text, opts);
		const balanced = fitText(text, { ...opts, balance: true });
		expect(balanced.lines).toHaveLength(greedy.lines.length);
		const spread = (ls: string[]) => {
			const w = ls.map((l) => measureText(l, fonts.regular, 16));
			return Math.max(...w) - Math.min(...w);
		};
		expect(spread(balanced.lines)).toBeLessThan(spread(greedy.lines));
	});
});

describe('layoutParagraph', () => {
	it('indents the first line only and marks the last line', () => {
		const lines = layoutParagraph(
			'Ủy ban nhân dân tỉnh trân trọng kính mời các đồng chí đại biểu tới dự hội nghị. '.repeat(3),
			{
				font: fonts.regular,
				size: 13,
				width: mm(165),
				firstLineIndent: mm(10)
			}
		);
		expect(lines.length).toBeGreaterThan(1);
		expect(lines[0].indent).toBeCloseTo(mm(10), 6);
		expect(lines.slice(1).every((l) => l.indent === 0)).toBe(true);
		expect(lines.map((l) => l.last)).toEqual(lines.map((_, i) => i === lines.length - 1));
		for (const l of lines) expect(l.width).toBeLessThanOrEqual(mm(165) - l.indent + 0.01);
	});
});

describe.skipIf(!hasPoppler)('renderTablePdf', () => {
	it('repeats the header, numbers pages and keeps diacritics', async () => {
		const rows = Array.from({ length: 100 }, (_, i) => [
			String(i + 1),
			i === 5 ? DIACRITICS.normalize('NFD') : 'Nguyễn Thị Ánh Tuyết',
			i % 4 === 0
				? 'Phó Giám đốc Sở Nông nghiệp và Môi trường tỉnh Khánh Hòa, Trưởng ban chỉ đạo giảm nghèo'
				: 'Sở Tài chính',
			'Có mặt'
		]);
		const bytes = await renderTablePdf({
			title: 'DANH SÁCH ĐẠI BIỂU DỰ HỘI NGHỊ',
			subtitle: 'Thời gian: 07 giờ 30 phút, Thứ Sáu, ngày 05 tháng 4 năm 2024',
			columns: [
				{ header: 'STT', width: 1, align: 'center' },
				{ header: 'Họ và tên', width: 9 },
				{ header: 'Chức vụ, đơn vị', width: 9 },
				{ header: 'Ghi chú', width: 2 }
			],
			orientation: 'landscape',
			rows,
			groupHeaderRows: [0],
			footer: 'In lúc 10:30 ngày 05/04/2024'
		});
		const pages = pageCount(bytes);
		expect(pages).toBeGreaterThanOrEqual(3);
		const text = pdfText(bytes, 'raw');
		const perPage = text.split('\f').filter((p) => p.trim());
		expect(perPage).toHaveLength(pages);
		perPage.forEach((p, i) => {
			expect(p).toContain('Họ và tên');
			expect(p).toContain(`Trang ${i + 1}/${pages}`);
		});
		expect(text).toContain(DIACRITICS);
		expect(hasCombiningMarks(text)).toBe(false);
	});
});
