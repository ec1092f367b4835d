/**
 * The demo budget (its seeder), exported as .xlsx and PDF: read back with exceljs, recalculated by
 * LibreOffice when `soffice` is installed, and the PDFs parsed by pdf-lib (and by pdftotext when present).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toolPresent } from '../helpers/tools';
import { testDatabase } from '../helpers/db';
import type { Database_ } from '../../src/lib/server/db';
import type { Principal } from '../../src/lib/server/auth/access';
import { seedDemoIfEmpty } from '../../src/lib/server/demo/seed';
import { getBudget, type BudgetSummary } from '../../src/lib/server/budget/summary';
import { budgetReport } from '../../src/lib/server/budget/exports';
import { DEFAULT_SIGNERS, budgetSigners, saveBudgetSigners } from '../../src/lib/server/budget/signers';
import { amountInWords } from '../../src/lib/format';

let d: Database_;
let finance: Principal;
let eventId: number;
let b: BudgetSummary;
const now = new Date('2026-12-22T03:00:00Z');
const out = process.env.BUDGET_REPORT_DIR ?? null; // set to keep the files for a look

beforeAll(async () => {
	d = await testDatabase();
	await seedDemoIfEmpty(d.db);
	const u = await d.db.selectFrom('app_user').selectAll().where('email', '=', 'ketoan@demo.hoinghi.vn').executeTakeFirstOrThrow();
	finance = { user: { id: u.id, email: u.email, fullName: u.full_name, isSystemAdmin: false }, via: 'session' };
	eventId = (await d.db.selectFrom('event').select('id').executeTakeFirstOrThrow()).id;
	b = await getBudget(d.db, finance, eventId);
});
afterAll(async () => d?.close());

function keep(name: string, bytes: Uint8Array) {
	if (!out) return;
	fs.mkdirSync(out, { recursive: true });
	fs.writeFileSync(path.join(out, name), bytes);
}

async function readBook(bytes: Uint8Array) {
	const wb = new ExcelJS.Workbook();
	await wb.xlsx.load(Buffer.from(bytes) as never);
	return wb;
}

function findRow(ws: ExcelJS.Worksheet, text: string): ExcelJS.Row {
	let found: ExcelJS.Row | null = null;
	ws.eachRow((row) => {
		if (!found && row.values && (row.values as unknown[]).some((v) => typeof v === 'string' && v.startsWith(text))) found = row;
	});
	if (!found) throw new Error(`no row starting with ${text}`);
	return found;
}

function resultOf(v: ExcelJS.CellValue): unknown {
	// exceljs drops a cached result of 0 when reading (<v>0</v> comes back as no result): a formula with no
	// result reads as 0 here.
	return v && typeof v === 'object' && 'formula' in v ? ((v as ExcelJS.CellFormulaValue).result ?? 0) : v;
}

describe('demo budget', () => {
	it('has two sources, twelve lines, entries with one reversal', () => {
		expect(b.sources.map((s) => s.fundType)).toEqual(['programme', 'emulation_fund']);
		expect(b.lines).toHaveLength(12);
		expect(b.expenses.filter((e) => e.reversesId)).toHaveLength(1);
		expect(b.lines.filter((l) => l.derived).map((l) => l.derived!.from).sort()).toEqual(
			['attendance', 'attendance', 'awards:province_fund', 'booklet', 'certificates', 'letters'].sort()
		);
		// The reversal nets to zero: spent equals the sum of the entries that stand.
		const standing = b.expenses.filter((e) => !e.reversesId && !e.reversedById).reduce((a, e) => a + e.amount, 0);
		expect(b.totals.spent).toBe(standing);
		expect(b.totals.remaining).toBe(b.totals.allocated - b.totals.spent);
	});
});

describe('dự toán and quyết toán as .xlsx', () => {
	it('the dự toán opens, has Vietnamese headers, #,##0 numbers, formulas and the right totals', async () => {
		const f = await budgetReport(d.db, finance, eventId, 'estimate', 'xlsx', { now });
		keep('du-toan.xlsx', f.bytes);
		expect(f.fileName).toMatch(/^du-toan-hoi-nghi-\d+\.xlsx$/);
		const ws = (await readBook(f.bytes)).getWorksheet('Dự toán')!;
		expect(ws.getCell('A5').value).toBe('DỰ TOÁN KINH PHÍ');
		const header = findRow(ws, 'STT');
		expect((header.values as unknown[]).slice(1)).toEqual(['STT', 'Nội dung chi', 'Đơn vị tính', 'Số lượng', 'Đơn giá', 'Thành tiền', 'Căn cứ, ghi chú']);
		const total = findRow(ws, 'TỔNG CỘNG');
		const totalCell = total.getCell(6);
		expect((totalCell.value as ExcelJS.CellFormulaValue).formula).toMatch(/^F\d+\+F\d+$/);
		expect(resultOf(totalCell.value)).toBe(b.totals.estimated);
		expect(totalCell.numFmt).toBe('#,##0');
		// Each line's amount is ROUND(quantity × price) and each section a SUM.
		const hall = findRow(ws, 'Thuê hội trường');
		expect((hall.getCell(6).value as ExcelJS.CellFormulaValue).formula).toBe(`ROUND(D${hall.number}*E${hall.number},0)`);
		expect(typeof hall.getCell(5).value).toBe('number');
		const sec = findRow(ws, 'Nguồn: Kinh phí Dự án 7');
		expect((sec.getCell(6).value as ExcelJS.CellFormulaValue).formula).toMatch(/^SUM\(F\d+:F\d+\)$/);
		expect(resultOf(sec.getCell(6).value)).toBe(b.sources[0].estimated);
		expect(findRow(ws, 'Bằng chữ').getCell(1).value).toContain(amountInWords(b.totals.estimated));
		for (const t of ['NGƯỜI LẬP', 'KẾ TOÁN TRƯỞNG', 'THỦ TRƯỞNG ĐƠN VỊ']) expect(() => findRow(ws, t)).not.toThrow();
		expect(findRow(ws, 'Khánh Hòa, ngày 22 tháng 12 năm 2026')).toBeTruthy();
	});

	it('the quyết toán sums the vouchers sheet by line (SUMIF) and settles per source', async () => {
		const f = await budgetReport(d.db, finance, eventId, 'settlement', 'xlsx', { now });
		keep('quyet-toan.xlsx', f.bytes);
		const wb = await readBook(f.bytes);
		const ws = wb.getWorksheet('Quyết toán')!;
		const vs = wb.getWorksheet('Chứng từ')!;
		const total = findRow(ws, 'TỔNG CỘNG');
		expect(resultOf(total.getCell(3).value)).toBe(b.totals.allocated);
		expect(resultOf(total.getCell(4).value)).toBe(b.totals.estimated);
		expect(resultOf(total.getCell(5).value)).toBe(b.totals.spent);
		expect(resultOf(findRow(ws, 'Kinh phí còn lại').getCell(5).value)).toBe(b.totals.remaining);
		const hall = findRow(ws, 'Thuê hội trường');
		expect((hall.getCell(5).value as ExcelJS.CellFormulaValue).formula).toMatch(/^SUMIF\('Chứng từ'!\$I\$\d+:\$I\$\d+,I\d+,'Chứng từ'!\$H\$\d+:\$H\$\d+\)$/);
		// The vouchers sheet lists every entry, the reversal negative, and totals to the same spent figure.
		const vTotal = findRow(vs, 'CỘNG');
		expect(resultOf(vTotal.getCell(8).value)).toBe(b.totals.spent);
		const amounts: number[] = [];
		vs.eachRow((row, n) => {
			if (n > 4 && n < vTotal.number) amounts.push(row.getCell(8).value as number);
		});
		expect(amounts).toHaveLength(b.expenses.length);
		expect(amounts.filter((a) => a < 0)).toHaveLength(1);
		expect(findRow(ws, 'Tổng số thực chi bằng chữ').getCell(1).value).toContain(amountInWords(b.totals.spent));
	});

	it('LibreOffice recalculates the formulas to the same totals', async (ctx) => {
		const soffice = ['/usr/bin/soffice', '/usr/bin/libreoffice', '/usr/local/bin/soffice'].find((p) => fs.existsSync(p));
		if (!toolPresent('LibreOffice (soffice)', !!soffice) || !soffice) {
			console.warn('[budget-reports] LibreOffice (soffice) không có trên máy này: bỏ qua bước tính lại công thức (apt-get install libreoffice-calc-nogui)');
			ctx.skip();
			return;
		}
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hn-lo-'));
		try {
			// No cached results: LibreOffice must compute every formula itself.
			for (const kind of ['estimate', 'settlement'] as const) {
				const f = await budgetReport(d.db, finance, eventId, kind, 'xlsx', { now, noCachedResults: true });
				fs.writeFileSync(path.join(dir, `${kind}.xlsx`), f.bytes);
			}
			const outDir = path.join(dir, 'out');
			const r = spawnSync(soffice, ['--headless', '--norestore', `-env:UserInstallation=file://${dir}/profile`, '--convert-to', 'xlsx', '--outdir', outDir, path.join(dir, 'estimate.xlsx'), path.join(dir, 'settlement.xlsx')], {
				timeout: 120_000,
				encoding: 'utf8'
			});
			expect(r.status, r.stderr).toBe(0);
			const est = (await readBook(fs.readFileSync(path.join(outDir, 'estimate.xlsx')))).getWorksheet('Dự toán')!;
			expect(resultOf(findRow(est, 'TỔNG CỘNG').getCell(6).value)).toBe(b.totals.estimated);
			const hall = findRow(est, 'Thuê hội trường');
			expect(resultOf(hall.getCell(6).value)).toBe(b.lines.find((l) => l.description.startsWith('Thuê hội trường'))!.amount);
			const set = await readBook(fs.readFileSync(path.join(outDir, 'settlement.xlsx')));
			const ws = set.getWorksheet('Quyết toán')!;
			const total = findRow(ws, 'TỔNG CỘNG');
			expect(resultOf(total.getCell(5).value)).toBe(b.totals.spent);
			expect(resultOf(total.getCell(4).value)).toBe(b.totals.estimated);
			expect(resultOf(findRow(ws, 'Kinh phí còn lại').getCell(5).value)).toBe(b.totals.remaining);
			for (const l of b.lines) expect(resultOf(findRow(ws, l.description).getCell(5).value)).toBe(l.spent);
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	}, 180_000);
});

describe('dự toán and quyết toán as PDF', () => {
	for (const kind of ['estimate', 'settlement'] as const) {
		it(`the ${kind} PDF has its title, totals and signature blocks`, async () => {
			const f = await budgetReport(d.db, finance, eventId, kind, 'pdf', { now });
			keep(`${kind}.pdf`, f.bytes);
			expect(f.contentType).toBe('application/pdf');
			const pdf = await PDFDocument.load(f.bytes);
			expect(pdf.getPageCount()).toBeGreaterThanOrEqual(1);
			const hasPdftotext = spawnSync('which', ['pdftotext']).status === 0;
			if (!hasPdftotext) return;
			const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hn-pdf-'));
			try {
				fs.writeFileSync(path.join(dir, 'r.pdf'), f.bytes);
				const text = execFileSync('pdftotext', ['-layout', path.join(dir, 'r.pdf'), '-'], { encoding: 'utf8' }).normalize('NFC');
				expect(text).toContain(kind === 'estimate' ? 'DỰ TOÁN KINH PHÍ' : 'QUYẾT TOÁN KINH PHÍ');
				expect(text).toContain('TỔNG CỘNG');
				expect(text).toContain('THỦ TRƯỞNG ĐƠN VỊ');
				const total = kind === 'estimate' ? b.totals.estimated : b.totals.spent;
				expect(text).toContain(total.toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.'));
			} finally {
				fs.rmSync(dir, { recursive: true, force: true });
			}
		});
	}
});

describe('who signs the reports', () => {
	async function principalOf(email: string): Promise<Principal> {
		const u = await d.db.selectFrom('app_user').selectAll().where('email', '=', email).executeTakeFirstOrThrow();
		return { user: { id: u.id, email: u.email, fullName: u.full_name, isSystemAdmin: false }, via: 'session' };
	}

	it('refuses the organiser (budget.view only) and bad input in Vietnamese, writing nothing', async () => {
		const organiser = await principalOf('bantochuc@demo.hoinghi.vn');
		await expect(saveBudgetSigners(d.db, organiser, eventId, { head: 'Lê Minh Thủ' })).rejects.toMatchObject({ code: 'forbidden', status: 403 });
		const long = await saveBudgetSigners(d.db, finance, eventId, { headTitle: 'G'.repeat(61), accountant: '<script>' }).catch((e) => e);
		expect(long).toMatchObject({ code: 'invalid_input', status: 400 });
		expect(long.fields).toEqual({ headTitle: 'Chức danh thủ trưởng: tối đa 60 ký tự', accountant: 'Họ tên kế toán: có ký tự không hợp lệ' });
		expect(await budgetSigners(d.db, b.organisation.id)).toEqual(DEFAULT_SIGNERS);
		const audits = await d.db.selectFrom('audit_log').select('id').where('action', '=', 'budget.signers.updated').execute();
		expect(audits).toHaveLength(0);
	});

	it('prints the saved names and titles under the signature blocks of the .xlsx and the PDF, with an audit row', async () => {
		const saved = await saveBudgetSigners(d.db, finance, eventId, {
			preparer: '',
			accountantTitle: 'phụ trách kế toán',
			accountant: 'Trần Văn Toa\u0301n', // decomposed accent: stored NFC
			headTitle: 'giám đốc',
			head: '  Lê Minh   Thủ '
		});
		expect(saved).toEqual({ preparer: '', accountantTitle: 'PHỤ TRÁCH KẾ TOÁN', accountant: 'Trần Văn Toán', headTitle: 'GIÁM ĐỐC', head: 'Lê Minh Thủ' });
		const audit = await d.db.selectFrom('audit_log').selectAll().where('action', '=', 'budget.signers.updated').executeTakeFirstOrThrow();
		expect(audit.organisation_id).toBe(b.organisation.id);
		expect(audit.event_id).toBe(eventId);

		const x = await budgetReport(d.db, finance, eventId, 'settlement', 'xlsx', { now });
		const ws = (await readBook(x.bytes)).worksheets[0];
		const texts: string[] = [];
		ws.eachRow((row) => (row.values as unknown[]).forEach((v) => typeof v === 'string' && texts.push(v)));
		// The preparer left empty: the name of whoever downloads (the finance officer).
		for (const t of ['NGƯỜI LẬP', finance.user.fullName, 'PHỤ TRÁCH KẾ TOÁN', 'Trần Văn Toán', 'GIÁM ĐỐC', 'Lê Minh Thủ']) expect(texts).toContain(t);
		expect(texts).not.toContain('THỦ TRƯỞNG ĐƠN VỊ');

		const p = await budgetReport(d.db, finance, eventId, 'estimate', 'pdf', { now });
		keep('estimate-signers.pdf', p.bytes);
		if (spawnSync('which', ['pdftotext']).status !== 0) return;
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hn-pdf-'));
		try {
			fs.writeFileSync(path.join(dir, 'r.pdf'), p.bytes);
			const text = execFileSync('pdftotext', ['-layout', path.join(dir, 'r.pdf'), '-'], { encoding: 'utf8' }).normalize('NFC');
			for (const t of ['PHỤ TRÁCH KẾ TOÁN', 'Trần Văn Toán', 'GIÁM ĐỐC', 'Lê Minh Thủ']) expect(text).toContain(t);
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});
});
