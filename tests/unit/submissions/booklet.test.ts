import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PDFDocument } from 'pdf-lib';
import { composeBooklet, type BookletSource } from '../../../src/lib/server/submissions/booklet';
import { hasPoppler, pageCount, pdfLines, pdfText, squeeze } from '../pdf/poppler';
import { makePdf } from './fixtures';

const header = {
	title: 'Hội nghị tổng kết Phong trào thi đua “Vì người nghèo – Không để ai bị bỏ lại phía sau” giai đoạn 2021 - 2025 trên địa bàn tỉnh Khánh Hòa',
	authorityParent: 'ỦY BAN NHÂN DÂN',
	authorityName: 'TỈNH KHÁNH HÒA',
	placeName: 'Khánh Hòa',
	startsAt: new Date('2026-12-18T00:30:00Z'),
	kindLabel: 'Báo cáo tổng kết'
};

async function source(i: number, section: BookletSource['section'], spec: Parameters<typeof makePdf>[0]): Promise<BookletSource> {
	const bytes = await makePdf({ label: `Văn bản ${i}`, ...spec });
	return {
		submissionId: i,
		kind: section === 'report' ? 'main_report' : 'tham_luan',
		section,
		title: section === 'report' ? 'Báo cáo tổng kết phong trào giai đoạn 2021 - 2025' : `Tham luận số ${i}: kinh nghiệm giảm nghèo bền vững ở địa phương, một tiêu đề dài để xuống dòng trong mục lục`,
		unit: section === 'report' ? '' : `UBND xã Thử Nghiệm ${i}`,
		presenter: section === 'report' ? '' : `Nguyễn Văn ${String.fromCharCode(64 + (i % 26) + 1)}, Chủ tịch`,
		versionNumber: 1,
		converted: false,
		pdf: await PDFDocument.load(bytes)
	};
}

describe('composeBooklet', () => {
	it('numbers every page after the cover, with a contents list that spans pages and points at the right pages', async () => {
		const sources = [await source(1, 'report', { pages: 3 })];
		for (let i = 2; i <= 19; i++) sources.push(await source(i, i <= 6 ? 'presented' : 'printed', { pages: 1 + (i % 3) }));
		const { bytes, pageCount: n, contents } = await composeBooklet(header, sources);
		const tocPages = contents[0].startPage - 2;
		expect(tocPages).toBe(2);
		expect(n).toBe(1 + tocPages + sources.reduce((a, s) => a + s.pdf.getPageCount(), 0));
		for (let i = 1; i < contents.length; i++) expect(contents[i].startPage).toBe(contents[i - 1].startPage + contents[i - 1].pages);
		if (!hasPoppler) return;
		expect(pageCount(bytes)).toBe(n);
		const all = pdfLines(bytes);
		for (let p = 2; p <= n; p++) {
			const lines = all.filter((l) => l.page === p);
			const bottom = lines.reduce((a, l) => (l.yMax > a.yMax ? l : a));
			expect(bottom.text, `page ${p}`).toBe(String(p));
		}
		// Page 1 (the cover) carries no number.
		expect(all.filter((l) => l.page === 1).map((l) => l.text)).not.toContain('1');
		// Each entry's number is where its document starts.
		const toc = squeeze(pdfText(bytes, 'layout', 2) + pdfText(bytes, 'layout', 3));
		for (const c of contents.slice(0, 3)) {
			const own = squeeze(pdfText(bytes, 'layout', c.startPage));
			expect(own).toContain(`Văn bản ${c.submissionId} — trang 1/`);
		}
		expect(toc).toMatch(/I\. BÁO CÁO/);
		expect(toc).toMatch(/III\. THAM LUẬN IN TRONG TÀI LIỆU/);
		expect(toc).toMatch(new RegExp(`UBND xã Thử Nghiệm 19 — Nguyễn Văn [A-Z], Chủ tịch[ .]+${contents[18].startPage}\\n`));
		const cover = squeeze(pdfText(bytes, 'layout', 1));
		expect(cover).toContain('TÀI LIỆU HỘI NGHỊ');
		expect(cover).toContain('Khánh Hòa, tháng 12 năm 2026');
		expect(cover).toContain('ỦY BAN NHÂN DÂN');
		if (process.env.HN_KEEP_BOOKLET) fs.writeFileSync(process.env.HN_KEEP_BOOKLET, bytes);
	}, 60_000);

	it('stamps rotated and odd-sized pages readably at their visual bottom', async () => {
		const sources = [
			await source(1, 'presented', { pages: 1, rotate: 90 }),
			await source(2, 'presented', { pages: 1, rotate: 180 }),
			await source(3, 'presented', { pages: 1, rotate: 270 }),
			await source(4, 'printed', { pages: 1, size: [612, 792] })
		];
		const { bytes, pageCount: n } = await composeBooklet(header, sources);
		if (process.env.HN_KEEP_ROTATED) fs.writeFileSync(process.env.HN_KEEP_ROTATED, bytes);
		expect(n).toBe(6);
		if (!hasPoppler) return;
		// Visual (as displayed) width and height of pages 3–6: A4 turned 90°, 180°, 270°, US Letter.
		const visual: Record<number, [number, number]> = { 3: [841.89, 595.28], 4: [595.28, 841.89], 5: [841.89, 595.28], 6: [612, 792] };
		const lines = pdfLines(bytes);
		for (let p = 3; p <= 6; p++) {
			const [w, h] = visual[p];
			const num = lines.find((l) => l.page === p && l.text === String(p));
			expect(num, `page ${p}`).toBeDefined();
			// Centred at the bottom of the page as the reader sees it (pdftotext reports displayed coordinates).
			expect(Math.abs((num!.xMin + num!.xMax) / 2 - w / 2), `page ${p} centre`).toBeLessThan(3);
			expect(num!.yMax, `page ${p} bottom`).toBeGreaterThan(h - 30);
		}
	}, 60_000);
});
