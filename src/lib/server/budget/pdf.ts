/**
 * The dự toán and quyết toán as PDF with the shared engine: letterhead and motto, title, a table with one
 * section per source (subtotal), the grand total, the amount in words, the date line and three signature
 * blocks. Pure: data in, bytes out.
 */
import type { PDFPage } from 'pdf-lib';
import { rgb } from 'pdf-lib';
import {
	BLACK,
	GREY,
	LIGHT_GREY,
	PAGE_SIZES,
	blockHeight,
	createPdf,
	drawLinesInBox,
	drawRule,
	drawText,
	fitText,
	mm,
	savePdf,
	wrapText,
	type Align,
	type PdfFonts
} from '$lib/server/pdf/doc';
import { formatDate, formatNumber } from '$lib/format';
import type { BudgetSummary } from './summary';
import { lineBasis, sectionsOf, wordsLine, type ReportHead } from './report';

interface Col {
	header: string;
	width: number;
	align: Align;
}

type RowKind = 'line' | 'section' | 'total' | 'note';

interface Row {
	kind: RowKind;
	cells: string[];
	/** For 'section' rows: cells merged from column 1 to this index (exclusive), the rest as usual. */
	span?: number;
}

const SIZE = 10.5;
const LH = 1.2;
const PAD_X = mm(1.3);
const PAD_Y = mm(1);
const MARGIN = { top: mm(15), bottom: mm(15), left: mm(20), right: mm(12) };

const money = (n: number) => formatNumber(n);

function headerBlock(page: PDFPage, fonts: PdfFonts, h: ReportHead, width: number): number {
	const [, ph] = [page.getWidth(), page.getHeight()];
	let y = ph - MARGIN.top - 10;
	const leftW = width * 0.42;
	const rightX = MARGIN.left + width * 0.45;
	const rightW = width * 0.55;
	const lc = MARGIN.left + leftW / 2;
	const rc = rightX + rightW / 2;
	if (h.authority) drawText(page, h.authority, { x: lc, y, font: fonts.regular, size: 11.5, align: 'center', maxWidth: leftW });
	drawText(page, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { x: rc, y, font: fonts.bold, size: 11.5, align: 'center', maxWidth: rightW });
	y -= 15;
	const unit = drawText(page, h.unit, { x: lc, y, font: fonts.bold, size: 11.5, align: 'center', maxWidth: leftW });
	const motto = drawText(page, 'Độc lập - Tự do - Hạnh phúc', { x: rc, y, font: fonts.bold, size: 12.5, align: 'center', maxWidth: rightW });
	y -= 4;
	const uw = Math.min(unit.width, leftW) * 0.4;
	drawRule(page, { x1: lc - uw / 2, x2: lc + uw / 2, y, thickness: 0.6 });
	drawRule(page, { x1: rc - motto.width / 2, x2: rc + motto.width / 2, y, thickness: 0.6 });
	y -= 36;
	drawText(page, h.title, { x: MARGIN.left + width / 2, y, font: fonts.bold, size: 14, align: 'center' });
	y -= 6;
	const sub = fitText(h.subtitle, { font: fonts.bold, width: width * 0.9, maxSize: 12, minSize: 10, maxLines: 3 });
	drawLinesInBox(page, sub.lines, { left: MARGIN.left + width * 0.05, top: y, width: width * 0.9, height: sub.height }, { font: fonts.bold, size: sub.size, lineHeight: sub.lineHeight, align: 'center', valign: 'top' });
	y -= sub.height + 5;
	drawText(page, h.when, { x: MARGIN.left + width / 2, y: y - 9, font: fonts.italic, size: 11, align: 'center', maxWidth: width });
	y -= 24;
	drawText(page, 'Đơn vị tính: đồng', { x: MARGIN.left + width, y, font: fonts.italic, size: 10, align: 'right' });
	return y - 6;
}

interface Laid {
	row: Row;
	lines: string[][];
	height: number;
}

function layRow(row: Row, widths: number[], fonts: PdfFonts): Laid {
	const font = row.kind === 'line' || row.kind === 'note' ? fonts.regular : fonts.bold;
	const ws = row.span ? [widths.slice(0, row.span).reduce((a, b) => a + b, 0), ...widths.slice(row.span)] : widths;
	const cells = row.span ? [row.cells[0], ...row.cells.slice(row.span)] : row.cells;
	const lines = cells.map((c, i) => wrapText(c ?? '', font, SIZE, ws[i] - 2 * PAD_X));
	const n = Math.max(1, ...lines.map((l) => l.length));
	return { row, lines, height: blockHeight(n, SIZE, SIZE * LH) + 2 * PAD_Y };
}

function drawRow(page: PDFPage, laid: Laid, cols: Col[], widths: number[], top: number, fonts: PdfFonts, header = false) {
	const { row } = laid;
	const font = header ? fonts.bold : row.kind === 'line' || row.kind === 'note' ? fonts.regular : fonts.bold;
	const fill = header ? LIGHT_GREY : row.kind === 'section' ? rgb(0.96, 0.96, 0.96) : undefined;
	const ws = row.span ? [widths.slice(0, row.span).reduce((a, b) => a + b, 0), ...widths.slice(row.span)] : widths;
	const aligns: Align[] = header
		? cols.map(() => 'center')
		: row.span
			? [row.kind === 'total' ? 'center' : 'left', ...cols.slice(row.span).map((c) => c.align)]
			: cols.map((c) => c.align);
	let x = MARGIN.left;
	ws.forEach((w, i) => {
		page.drawRectangle({ x, y: top - laid.height, width: w, height: laid.height, color: fill, borderColor: BLACK, borderWidth: 0.5 });
		drawLinesInBox(
			page,
			laid.lines[i] ?? [],
			{ left: x + PAD_X, top: top - PAD_Y, width: w - 2 * PAD_X, height: laid.height - 2 * PAD_Y },
			{ font, size: SIZE, lineHeight: SIZE * LH, align: aligns[i], valign: header ? 'middle' : 'top' }
		);
		x += w;
	});
}

interface Appendix {
	title: string;
	cols: Col[];
	rows: Row[];
}

async function render(h: ReportHead, cols: Col[], rows: Row[], words: string, landscape: boolean, appendix?: Appendix): Promise<Uint8Array> {
	const { doc, fonts } = await createPdf({ title: `${h.title} — ${h.subtitle}`, author: h.unit });
	const [pw, ph] = landscape ? PAGE_SIZES.a4Landscape : PAGE_SIZES.a4Portrait;
	const width = pw - MARGIN.left - MARGIN.right;
	const bottom = MARGIN.bottom + mm(8);
	const pages: PDFPage[] = [];
	let page = doc.addPage([pw, ph]);
	pages.push(page);
	let y = headerBlock(page, fonts, h, width);

	/** Draws a table from y, header repeated on each new page. */
	const table = (tcols: Col[], trows: Row[]) => {
		const total = tcols.reduce((a, c) => a + c.width, 0);
		const widths = tcols.map((c) => (c.width / total) * width);
		const headerLaid = layRow({ kind: 'section', cells: tcols.map((c) => c.header) }, widths, fonts);
		drawRow(page, headerLaid, tcols, widths, y, fonts, true);
		y -= headerLaid.height;
		for (const row of trows) {
			const laid = layRow(row, widths, fonts);
			if (y - laid.height < bottom) {
				page = doc.addPage([pw, ph]);
				pages.push(page);
				y = ph - MARGIN.top;
				drawRow(page, headerLaid, tcols, widths, y, fonts, true);
				y -= headerLaid.height;
			}
			drawRow(page, laid, tcols, widths, y, fonts);
			y -= laid.height;
		}
	};
	table(cols, rows);

	// Words, then the signature blocks (kept together on one page).
	const wordLines = wrapText(words, fonts.boldItalic, 11.5, width);
	const wordsHeight = blockHeight(wordLines.length, 11.5, 14);
	if (y - (wordsHeight + mm(50)) < bottom) {
		page = doc.addPage([pw, ph]);
		pages.push(page);
		y = ph - MARGIN.top;
	}
	y -= 10;
	drawLinesInBox(page, wordLines, { left: MARGIN.left, top: y, width, height: wordsHeight }, { font: fonts.boldItalic, size: 11.5, lineHeight: 14, align: 'left', valign: 'top' });
	y -= wordsHeight + 12;
	drawText(page, h.dateLine, { x: MARGIN.left + (width * 5) / 6, y, font: fonts.italic, size: 11.5, align: 'center', maxWidth: width / 3 });
	y -= 18;
	const third = width / 3;
	h.signers.forEach((s, i) => {
		const cx = MARGIN.left + third * i + third / 2;
		drawText(page, s.title, { x: cx, y, font: fonts.bold, size: 11.5, align: 'center', maxWidth: third - 6 });
		drawText(page, s.hint, { x: cx, y: y - 14, font: fonts.italic, size: 10.5, align: 'center', maxWidth: third - 6 });
		if (s.name) drawText(page, s.name, { x: cx, y: y - mm(30), font: fonts.bold, size: 11.5, align: 'center', maxWidth: third - 6 });
	});

	if (appendix && appendix.rows.length) {
		page = doc.addPage([pw, ph]);
		pages.push(page);
		y = ph - MARGIN.top - 12;
		drawText(page, appendix.title, { x: MARGIN.left + width / 2, y, font: fonts.bold, size: 13, align: 'center', maxWidth: width });
		y -= 12;
		drawText(page, `(Kèm theo ${h.title.toLowerCase()} — đơn vị tính: đồng)`, { x: MARGIN.left + width / 2, y, font: fonts.italic, size: 10.5, align: 'center', maxWidth: width });
		y -= 12;
		table(appendix.cols, appendix.rows);
	}

	pages.forEach((p, i) => {
		drawText(p, `Trang ${i + 1}/${pages.length}`, { x: pw - MARGIN.right, y: MARGIN.bottom - mm(3), font: fonts.regular, size: 9, align: 'right' });
		drawText(p, h.title.charAt(0) + h.title.slice(1).toLowerCase() + ' — lập bằng Hội Nghị', { x: MARGIN.left, y: MARGIN.bottom - mm(3), font: fonts.italic, size: 8.5, color: GREY });
	});
	return savePdf(doc);
}

/** The dự toán as PDF (A4 portrait). */
export async function estimatePdf(b: BudgetSummary, h: ReportHead): Promise<Uint8Array> {
	const cols: Col[] = [
		{ header: 'STT', width: 6.2, align: 'center' },
		{ header: 'Nội dung chi', width: 29.8, align: 'left' },
		{ header: 'Đơn vị tính', width: 9, align: 'center' },
		{ header: 'Số lượng', width: 8.5, align: 'right' },
		{ header: 'Đơn giá', width: 14, align: 'right' },
		{ header: 'Thành tiền', width: 15, align: 'right' },
		{ header: 'Căn cứ, ghi chú', width: 23.5, align: 'left' }
	];
	const rows: Row[] = [];
	for (const s of sectionsOf(b)) {
		rows.push({ kind: 'section', span: 5, cells: [`${s.code}. Nguồn: ${s.heading}`, '', '', '', '', money(s.source.estimated), `Số được giao: ${money(s.source.allocated)}`] });
		s.lines.forEach((l, i) =>
			rows.push({ kind: 'line', cells: [String(i + 1), l.description, l.unit, l.quantityText, money(l.unitPrice), money(l.amount), lineBasis(l)] })
		);
	}
	rows.push({ kind: 'total', span: 5, cells: ['TỔNG CỘNG', '', '', '', '', money(b.totals.estimated), ''] });
	return render(h, cols, rows, wordsLine('Bằng chữ', b.totals.estimated), false);
}

/** The quyết toán as PDF (A4 landscape), followed by the list of vouchers. */
export async function settlementPdf(b: BudgetSummary, h: ReportHead): Promise<Uint8Array> {
	const cols: Col[] = [
		{ header: 'STT', width: 4.5, align: 'center' },
		{ header: 'Nội dung chi', width: 29.5, align: 'left' },
		{ header: 'Số được giao', width: 11, align: 'right' },
		{ header: 'Dự toán', width: 11, align: 'right' },
		{ header: 'Thực hiện', width: 11, align: 'right' },
		{ header: 'Chênh lệch', width: 11, align: 'right' },
		{ header: 'Số chứng từ', width: 13, align: 'left' },
		{ header: 'Ghi chú', width: 17, align: 'left' }
	];
	const rows: Row[] = [];
	for (const s of sectionsOf(b)) {
		rows.push({
			kind: 'section',
			span: 2,
			cells: [`${s.code}. Nguồn: ${s.heading}`, '', money(s.source.allocated), money(s.source.estimated), money(s.source.spent), money(s.source.estimated - s.source.spent), '', `Còn lại: ${money(s.source.remaining)}`]
		});
		s.lines.forEach((l, i) =>
			rows.push({
				kind: 'line',
				cells: [
					String(i + 1),
					l.description,
					'',
					money(l.amount),
					money(l.spent),
					money(l.variance),
					l.vouchers.join(', '),
					[l.overReason ? `Vượt: ${l.overReason}` : '', l.spent > l.amount ? 'Thực chi vượt dự toán' : ''].filter(Boolean).join('; ')
				]
			})
		);
	}
	rows.push({ kind: 'total', span: 2, cells: ['TỔNG CỘNG', '', money(b.totals.allocated), money(b.totals.estimated), money(b.totals.spent), money(b.totals.estimated - b.totals.spent), '', `Còn lại: ${money(b.totals.remaining)}`] });
	const appendix: Appendix = {
		title: 'BẢNG KÊ CHỨNG TỪ THỰC CHI',
		cols: [
			{ header: 'STT', width: 4.5, align: 'center' },
			{ header: 'Ngày', width: 9, align: 'center' },
			{ header: 'Số chứng từ', width: 10, align: 'left' },
			{ header: 'Người nhận', width: 20, align: 'left' },
			{ header: 'Nội dung', width: 27, align: 'left' },
			{ header: 'Khoản chi', width: 6, align: 'center' },
			{ header: 'Số tiền', width: 11, align: 'right' },
			{ header: 'Ghi chú', width: 12.5, align: 'left' }
		],
		rows: [
			...b.expenses.map((e, i): Row => ({
				kind: 'line',
				cells: [
					String(i + 1),
					formatDate(e.spentOn),
					e.voucherNo,
					e.payee,
					e.description,
					e.lineCode,
					money(e.amount),
					[e.reversesId ? 'Bút toán đảo' : e.reversedById ? 'Đã đảo bút toán' : '', !e.receipt && !e.reversesId && !e.reversedById ? 'Chưa có bản quét' : ''].filter(Boolean).join('; ')
				]
			})),
			{ kind: 'total', span: 6, cells: ['CỘNG', '', '', '', '', '', money(b.totals.spent), ''] }
		]
	};
	return render(h, cols, rows, wordsLine('Tổng số thực chi bằng chữ', b.totals.spent), true, appendix);

}
