/**
 * The dự toán and quyết toán as .xlsx in the layout finance offices use: letterhead and national motto, title,
 * one section per funding source (I, II…) with its subtotal, the grand total, the amount in words, the date
 * line and the three signature blocks. Numbers are real numbers with #,##0; amounts, subtotals and totals are
 * formulas (ROUND, SUM, SUMIF) with their computed results cached, so the file opens with the right figures
 * and recalculates the same in Excel or LibreOffice.
 */
import ExcelJS from 'exceljs';
import type { BudgetSummary } from './summary';
import { lineBasis, sectionsOf, wordsLine, type ReportHead } from './report';
import { formatDate, formatNumber } from '$lib/format';

const MONEY = '#,##0';
const FONT = 'Times New Roman';
const thin = { style: 'thin' as const, color: { argb: 'FF000000' } };
const BORDER = { top: thin, left: thin, bottom: thin, right: thin };

interface Options {
	/** Write formulas without cached results (tests: forces LibreOffice to compute them). */
	noCachedResults?: boolean;
}

type Cell = ExcelJS.Cell;

function f(formula: string, result: number, opts: Options): ExcelJS.CellFormulaValue {
	return opts.noCachedResults ? ({ formula } as ExcelJS.CellFormulaValue) : { formula, result };
}

function style(cell: Cell, s: { bold?: boolean; italic?: boolean; size?: number; align?: 'left' | 'center' | 'right'; wrap?: boolean; money?: boolean; border?: boolean; fill?: string; valign?: 'top' | 'middle' }) {
	cell.font = { name: FONT, size: s.size ?? 12, bold: !!s.bold, italic: !!s.italic };
	cell.alignment = { horizontal: s.align ?? 'left', vertical: s.valign ?? 'middle', wrapText: s.wrap ?? true };
	if (s.money) cell.numFmt = MONEY;
	if (s.border) cell.border = BORDER;
	if (s.fill) cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: s.fill } };
}

function merged(ws: ExcelJS.Worksheet, row: number, from: number, to: number, value: ExcelJS.CellValue, s: Parameters<typeof style>[1] = {}) {
	if (to > from) ws.mergeCells(row, from, row, to);
	const c = ws.getCell(row, from);
	c.value = value;
	style(c, s);
	return c;
}

/**
 * Row height for wrapped text: exceljs does not measure text, and LibreOffice keeps the default height of a
 * row loaded from .xlsx, so long cells would overlap. Estimated from the characters per column width
 * (Times New Roman 11 pt: about 1,15 characters per width unit), 15 pt per line.
 */
function fitRow(ws: ExcelJS.Worksheet, rowNo: number) {
	const row = ws.getRow(rowNo);
	let lines = 1;
	const seen = new Set<string>();
	row.eachCell((cell, col) => {
		if (cell.isMerged && seen.has(cell.master.address)) return;
		seen.add(cell.isMerged ? cell.master.address : cell.address);
		const v = cell.value;
		const text = typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
		if (!text) return;
		let width = ws.getColumn(col).width ?? 10;
		if (cell.isMerged) {
			// A merge across columns of this row: add the widths of the columns it spans.
			let c = col + 1;
			while (c <= ws.columnCount && ws.getRow(rowNo).getCell(c).isMerged && ws.getRow(rowNo).getCell(c).master.address === cell.master.address) width += ws.getColumn(c++).width ?? 10;
		}
		const perLine = Math.max(4, Math.floor(width * 1.15));
		const n = text.split('\n').reduce((a, part) => a + Math.max(1, Math.ceil(part.length / perLine)), 0);
		lines = Math.max(lines, n);
	});
	row.height = Math.max(16, lines * 15 + 3);
}

/** Letterhead, title block; returns the next free row. */
function head(ws: ExcelJS.Worksheet, h: ReportHead, cols: number): number {
	const leftTo = Math.max(2, Math.floor(cols / 2) - 1);
	const rightFrom = leftTo + 1;
	merged(ws, 1, 1, leftTo, h.authority, { align: 'center', size: 12 });
	merged(ws, 2, 1, leftTo, h.unit, { align: 'center', bold: true, size: 12 });
	merged(ws, 1, rightFrom, cols, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { align: 'center', bold: true, size: 12 });
	merged(ws, 2, rightFrom, cols, 'Độc lập - Tự do - Hạnh phúc', { align: 'center', bold: true, size: 13 });
	merged(ws, 5, 1, cols, h.title, { align: 'center', bold: true, size: 14 });
	merged(ws, 6, 1, cols, h.subtitle, { align: 'center', bold: true, size: 12 });
	ws.getRow(6).height = 36;
	merged(ws, 7, 1, cols, h.when, { align: 'center', italic: true, size: 12 });
	merged(ws, 8, 1, cols, 'Đơn vị tính: đồng', { align: 'right', italic: true, size: 11 });
	return 9;
}

function headerRow(ws: ExcelJS.Worksheet, row: number, headers: string[]) {
	headers.forEach((t, i) => {
		const c = ws.getCell(row, i + 1);
		c.value = t;
		style(c, { bold: true, align: 'center', border: true, fill: 'FFEFEFEF', size: 11 });
	});
	ws.getRow(row).height = 32;
}

function signatures(ws: ExcelJS.Worksheet, row: number, h: ReportHead, cols: number): number {
	const spans: [number, number][] = cols >= 8 ? [[1, 2], [3, 5], [6, cols]] : [[1, 2], [3, 4], [5, cols]];
	merged(ws, row, spans[2][0], spans[2][1], h.dateLine, { align: 'center', italic: true });
	row += 1;
	h.signers.forEach((s, i) => {
		const [a, b] = spans[i];
		merged(ws, row, a, b, s.title, { align: 'center', bold: true });
		merged(ws, row + 1, a, b, s.hint, { align: 'center', italic: true, size: 11 });
		merged(ws, row + 6, a, b, s.name, { align: 'center', bold: true });
	});
	return row + 7;
}

function page(ws: ExcelJS.Worksheet, landscape: boolean) {
	ws.pageSetup = {
		paperSize: 9,
		orientation: landscape ? 'landscape' : 'portrait',
		fitToPage: true,
		fitToWidth: 1,
		fitToHeight: 0,
		margins: { left: 0.6, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 }
	};
	ws.views = [{ showGridLines: false }];
}

function qtyCell(c: Cell, hundredths: number) {
	c.value = hundredths / 100;
	c.numFmt = hundredths % 100 ? '#,##0.00' : MONEY;
}

/** The dự toán workbook. */
export async function estimateXlsx(b: BudgetSummary, h: ReportHead, opts: Options = {}): Promise<Uint8Array> {
	const wb = new ExcelJS.Workbook();
	wb.creator = 'Hội Nghị';
	wb.created = new Date();
	const ws = wb.addWorksheet('Dự toán');
	const COLS = 7;
	ws.columns = [{ width: 6 }, { width: 44 }, { width: 11 }, { width: 10 }, { width: 14 }, { width: 16 }, { width: 38 }];
	page(ws, false);
	let r = head(ws, h, COLS);
	headerRow(ws, r, ['STT', 'Nội dung chi', 'Đơn vị tính', 'Số lượng', 'Đơn giá', 'Thành tiền', 'Căn cứ, ghi chú']);
	const headerAt = r;
	r++;
	const subtotalCells: { ref: string; value: number }[] = [];
	for (const s of sectionsOf(b)) {
		const secRow = r++;
		const first = r;
		s.lines.forEach((l, i) => {
			const row = ws.getRow(r);
			row.getCell(1).value = i + 1;
			row.getCell(2).value = l.description;
			row.getCell(3).value = l.unit;
			qtyCell(row.getCell(4), l.quantityHundredths);
			row.getCell(5).value = l.unitPrice;
			row.getCell(6).value = f(`ROUND(D${r}*E${r},0)`, l.amount, opts);
			row.getCell(7).value = lineBasis(l);
			for (let c = 1; c <= COLS; c++) style(row.getCell(c), { border: true, align: c === 1 || c === 3 ? 'center' : c >= 4 && c <= 6 ? 'right' : 'left', money: c === 5 || c === 6, size: 11, valign: 'top' });
			fitRow(ws, r);
			r++;
		});
		const last = r - 1;
		const sec = ws.getRow(secRow);
		sec.getCell(1).value = s.code;
		sec.getCell(2).value = `Nguồn: ${s.heading}`;
		ws.mergeCells(secRow, 2, secRow, 5);
		const estimated = s.source.estimated;
		sec.getCell(6).value = last >= first ? f(`SUM(F${first}:F${last})`, estimated, opts) : 0;
		sec.getCell(7).value = `Số được giao: ${formatNumber(s.source.allocated)} đồng`;
		for (let c = 1; c <= COLS; c++) style(sec.getCell(c), { border: true, bold: true, money: c === 6, align: c === 1 ? 'center' : c === 6 ? 'right' : 'left', fill: 'FFF7F7F7', size: 11 });
		fitRow(ws, secRow);
		subtotalCells.push({ ref: `F${secRow}`, value: estimated });
	}
	const totalRow = ws.getRow(r);
	ws.mergeCells(r, 1, r, 5);
	totalRow.getCell(1).value = 'TỔNG CỘNG';
	totalRow.getCell(6).value = subtotalCells.length ? f(subtotalCells.map((c) => c.ref).join('+'), b.totals.estimated, opts) : 0;
	for (let c = 1; c <= COLS; c++) style(totalRow.getCell(c), { border: true, bold: true, money: c === 6, align: c === 6 ? 'right' : 'center', size: 12 });
	r += 1;
	merged(ws, r, 1, COLS, wordsLine('Bằng chữ', b.totals.estimated), { italic: true, bold: true, size: 12 });
	ws.getRow(r).height = 32;
	r += 2;
	signatures(ws, r, h, COLS);
	ws.pageSetup.printTitlesRow = `${headerAt}:${headerAt}`;
	return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** The quyết toán workbook: the settlement by line, and the list of vouchers it is computed from. */
export async function settlementXlsx(b: BudgetSummary, h: ReportHead, opts: Options = {}): Promise<Uint8Array> {
	const wb = new ExcelJS.Workbook();
	wb.creator = 'Hội Nghị';
	wb.created = new Date();
	const ws = wb.addWorksheet('Quyết toán');
	const vs = wb.addWorksheet('Chứng từ');
	const COLS = 9;
	ws.columns = [{ width: 6 }, { width: 42 }, { width: 15 }, { width: 15 }, { width: 15 }, { width: 15 }, { width: 22 }, { width: 30 }, { width: 8 }];
	page(ws, true);
	page(vs, true);

	// --- the vouchers sheet first: the settlement sums it with SUMIF on the line code.
	const VCOLS = 10;
	vs.columns = [{ width: 6 }, { width: 12 }, { width: 14 }, { width: 26 }, { width: 40 }, { width: 30 }, { width: 16 }, { width: 15 }, { width: 8 }, { width: 34 }];
	merged(vs, 1, 1, VCOLS, 'BẢNG KÊ CHỨNG TỪ THỰC CHI', { bold: true, align: 'center', size: 14 });
	merged(vs, 2, 1, VCOLS, h.subtitle, { bold: true, align: 'center' });
	vs.getRow(2).height = 32;
	merged(vs, 3, 1, VCOLS, 'Đơn vị tính: đồng', { italic: true, align: 'right', size: 11 });
	const vh = 4;
	headerRow(vs, vh, ['STT', 'Ngày', 'Số chứng từ', 'Người nhận', 'Nội dung', 'Khoản chi', 'Nguồn kinh phí', 'Số tiền', 'Mã khoản', 'Ghi chú']);
	let vr = vh + 1;
	const idToNo = new Map<number, number>();
	b.expenses.forEach((e, i) => {
		idToNo.set(e.id, i + 1);
		const row = vs.getRow(vr);
		const note: string[] = [];
		if (e.reversesId) note.push(`Đảo bút toán dòng ${idToNo.get(e.reversesId) ?? ''}`.trim());
		if (e.reversedById) note.push('Đã đảo bút toán');
		if (e.overReason) note.push(`Vượt: ${e.overReason}`);
		if (!e.receipt && !e.reversesId && !e.reversedById) note.push('Chưa có bản quét');
		const values: ExcelJS.CellValue[] = [i + 1, formatDate(e.spentOn), e.voucherNo, e.payee, e.description, `${e.lineCode} ${e.lineDescription}`, e.sourceName, e.amount, e.lineCode, note.join('; ')];
		values.forEach((v, c) => {
			const cell = row.getCell(c + 1);
			cell.value = v;
			style(cell, { border: true, size: 11, money: c === 7, align: c === 0 || c === 1 || c === 8 ? 'center' : c === 7 ? 'right' : 'left', valign: 'top' });
		});
		fitRow(vs, vr);
		vr++;
	});
	const vFirst = vh + 1;
	const vLast = Math.max(vFirst, vr - 1);
	const vTotal = vs.getRow(vr);
	vs.mergeCells(vr, 1, vr, 7);
	vTotal.getCell(1).value = 'CỘNG';
	vTotal.getCell(8).value = b.expenses.length ? f(`SUM(H${vFirst}:H${vr - 1})`, b.totals.spent, opts) : 0;
	for (let c = 1; c <= VCOLS; c++) style(vTotal.getCell(c), { border: true, bold: true, money: c === 8, align: c === 8 ? 'right' : 'center' });

	// --- the settlement.
	let r = head(ws, h, COLS);
	headerRow(ws, r, ['STT', 'Nội dung chi', 'Số được giao', 'Dự toán', 'Thực hiện', 'Chênh lệch (dự toán − thực hiện)', 'Số chứng từ', 'Ghi chú', 'Mã khoản']);
	const headerAt = r;
	r++;
	const subs: { row: number; s: ReturnType<typeof sectionsOf>[number] }[] = [];
	for (const s of sectionsOf(b)) {
		const secRow = r++;
		const first = r;
		s.lines.forEach((l, i) => {
			const row = ws.getRow(r);
			row.getCell(1).value = i + 1;
			row.getCell(2).value = l.description;
			row.getCell(4).value = l.amount;
			row.getCell(5).value = f(`SUMIF('Chứng từ'!$I$${vFirst}:$I$${vLast},I${r},'Chứng từ'!$H$${vFirst}:$H$${vLast})`, l.spent, opts);
			row.getCell(6).value = f(`D${r}-E${r}`, l.variance, opts);
			row.getCell(7).value = l.vouchers.join(', ');
			row.getCell(8).value = [l.overReason ? `Vượt: ${l.overReason}` : '', l.spent > l.amount ? 'Thực chi vượt dự toán' : ''].filter(Boolean).join('; ');
			row.getCell(9).value = l.code;
			for (let c = 1; c <= COLS; c++) style(row.getCell(c), { border: true, size: 11, money: c >= 3 && c <= 6, align: c === 1 || c === 9 ? 'center' : c >= 3 && c <= 6 ? 'right' : 'left', valign: 'top' });
			fitRow(ws, r);
			r++;
		});
		const last = r - 1;
		const sec = ws.getRow(secRow);
		sec.getCell(1).value = s.code;
		sec.getCell(2).value = `Nguồn: ${s.heading}`;
		sec.getCell(3).value = s.source.allocated;
		sec.getCell(4).value = last >= first ? f(`SUM(D${first}:D${last})`, s.source.estimated, opts) : 0;
		sec.getCell(5).value = last >= first ? f(`SUM(E${first}:E${last})`, s.source.spent, opts) : 0;
		sec.getCell(6).value = f(`D${secRow}-E${secRow}`, s.source.estimated - s.source.spent, opts);
		sec.getCell(8).value = `Còn lại so với số được giao: ${formatNumber(s.source.remaining)} đồng`;
		for (let c = 1; c <= COLS; c++) style(sec.getCell(c), { border: true, bold: true, size: 11, money: c >= 3 && c <= 6, align: c === 1 ? 'center' : c >= 3 && c <= 6 ? 'right' : 'left', fill: 'FFF7F7F7' });
		fitRow(ws, secRow);
		subs.push({ row: secRow, s });
	}
	const t = ws.getRow(r);
	ws.mergeCells(r, 1, r, 2);
	t.getCell(1).value = 'TỔNG CỘNG';
	const sum = (col: string, v: number) => (subs.length ? f(subs.map((x) => `${col}${x.row}`).join('+'), v, opts) : 0);
	t.getCell(3).value = sum('C', b.totals.allocated);
	t.getCell(4).value = sum('D', b.totals.estimated);
	t.getCell(5).value = sum('E', b.totals.spent);
	t.getCell(6).value = f(`D${r}-E${r}`, b.totals.estimated - b.totals.spent, opts);
	for (let c = 1; c <= COLS; c++) style(t.getCell(c), { border: true, bold: true, money: c >= 3 && c <= 6, align: c >= 3 && c <= 6 ? 'right' : 'center' });
	const totalRow = r;
	r++;
	const rem = ws.getRow(r);
	ws.mergeCells(r, 1, r, 4);
	rem.getCell(1).value = 'Kinh phí còn lại (số được giao − thực hiện)';
	rem.getCell(5).value = f(`C${totalRow}-E${totalRow}`, b.totals.remaining, opts);
	for (let c = 1; c <= 5; c++) style(rem.getCell(c), { border: true, italic: true, money: c === 5, align: c === 5 ? 'right' : 'left' });
	r += 1;
	merged(ws, r, 1, COLS, wordsLine('Tổng số thực chi bằng chữ', b.totals.spent), { italic: true, bold: true });
	ws.getRow(r).height = 32;
	r += 2;
	signatures(ws, r, h, COLS);
	ws.pageSetup.printTitlesRow = `${headerAt}:${headerAt}`;
	return new Uint8Array(await wb.xlsx.writeBuffer());
}
