/**
 * The conference booklet at the size the issue asks for: 20 tham luận of 5 full text pages each (plus a
 * 6-page report), merged behind a cover and a contents list, every page numbered.
 * - compose: the PDF work alone (load 21 PDFs, contents, copyPages, stamp 108 numbers, save), 3 runs;
 * - generate: the whole service on embedded PGlite (read the 21 files from the store, compose, store the
 *   booklet, record it), 3 runs;
 * - convert: one 5-page DOCX through LibreOffice, when soffice is installed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { openDatabase } from '$lib/server/db';
import { migrateToLatest } from '$lib/server/db/migrate';
import { createPdf, drawParagraph, drawText, mm, savePdf, PAGE_SIZES } from '$lib/server/pdf/doc';
import { createLocalFileStore } from '$lib/server/files/store';
import { addReview, createDocument, inviteUnits, saveCall, uploadStaffVersion } from '$lib/server/submissions/service';
import { uploadByLink } from '$lib/server/submissions/public';
import { composeBooklet, generateBooklet, type BookletSource } from '$lib/server/submissions/booklet';
import { convertDocxToPdf, findSoffice } from '$lib/server/submissions/convert';
import { newEventWorld } from '../helpers/factories';
import { makeDocx } from '../unit/submissions/fixtures';

const N = 20;
const PAGES = 5;
const kb = (n: number) => Math.round(n / 1024);

const PARA =
	'Thực hiện Kế hoạch của Ủy ban nhân dân tỉnh về triển khai Phong trào thi đua “Vì người nghèo – Không để ai bị bỏ lại phía sau”, đơn vị đã lồng ghép các nguồn lực của Chương trình mục tiêu quốc gia giảm nghèo bền vững, hỗ trợ sinh kế, nhà ở, y tế, giáo dục và việc làm cho hộ nghèo, hộ cận nghèo; tỷ lệ hộ nghèo giảm bình quân trên 1,5% mỗi năm.';

/** A tham luận of `pages` full A4 pages of justified Vietnamese text. */
async function paper(i: number, pages: number): Promise<Uint8Array> {
	const { doc, fonts } = await createPdf({ title: `Tham luận ${i}` });
	const [w, h] = PAGE_SIZES.a4Portrait;
	for (let p = 0; p < pages; p++) {
		const page = doc.addPage(PAGE_SIZES.a4Portrait);
		let y = h - mm(25);
		if (p === 0) {
			drawText(page, `THAM LUẬN SỐ ${i}`, { x: w / 2, y, font: fonts.bold, size: 14, align: 'center' });
			y -= 30;
		}
		while (y > mm(30)) {
			const r = drawParagraph(page, PARA, { x: mm(30), y, font: fonts.regular, size: 13, width: w - mm(50), firstLineIndent: mm(10), lineHeight: 19 });
			y = r.lastBaseline - 26;
		}
	}
	return savePdf(doc);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export default async function run() {
	const rows: Record<string, unknown>[] = [];
	const papers = await Promise.all(Array.from({ length: N }, (_, i) => paper(i + 1, PAGES)));
	const report = await paper(0, 6);
	const inputBytes = papers.reduce((a, b) => a + b.length, report.length);

	// compose only
	const header = { title: 'Hội nghị tổng kết phong trào thi đua giai đoạn 2021 - 2025', authorityParent: 'ỦY BAN NHÂN DÂN', authorityName: 'TỈNH KHÁNH HÒA', placeName: 'Khánh Hòa', startsAt: new Date('2026-12-18T00:30:00Z'), kindLabel: 'Báo cáo tổng kết' };
	const times: number[] = [];
	let size = 0;
	let pages = 0;
	// One warm-up run (JIT, font parsing) that is not counted, then 3 timed runs.
	for (let r = -1; r < 3; r++) {
		const t0 = performance.now();
		const sources: BookletSource[] = [];
		sources.push({ submissionId: 0, kind: 'main_report', section: 'report', title: 'Báo cáo tổng kết', unit: '', presenter: '', versionNumber: 1, converted: false, pdf: await PDFDocument.load(report) });
		for (const [i, b] of papers.entries())
			sources.push({ submissionId: i + 1, kind: 'tham_luan', section: i < 5 ? 'presented' : 'printed', title: `Tham luận số ${i + 1} về giảm nghèo bền vững`, unit: `UBND xã ${i + 1}`, presenter: 'Nguyễn Văn A', versionNumber: 1, converted: false, pdf: await PDFDocument.load(b) });
		const out = await composeBooklet(header, sources);
		if (r >= 0) times.push(performance.now() - t0);
		size = out.bytes.length;
		pages = out.pageCount;
	}
	rows.push({ bench: 'booklet', case: `compose ${N}×${PAGES} pages + report 6`, pages, inputKB: kb(inputBytes), outputKB: kb(size), msMedian: Math.round(median(times)), msMin: Math.round(Math.min(...times)) });

	// the whole service on PGlite
	const d = await openDatabase({});
	await migrateToLatest(d.db);
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hn-bench-booklet-'));
	try {
		const store = createLocalFileStore(dir);
		const w = await newEventWorld(d.db, { startsAt: new Date(Date.now() + 30 * 86400_000) });
		await saveCall(d.db, w.admin, w.eventId, { guidance: '', deadline: new Date(Date.now() + 20 * 86400_000), acceptPdf: true, acceptDocx: true, maxSizeMb: 20, expectedLength: '', speakingMinutes: 7 });
		const units = await inviteUnits(d.db, w.admin, w.eventId, { units: Array.from({ length: N }, (_, i) => ({ name: `UBND xã Thử ${i + 1}`, email: null, contactName: '' })) });
		const tUp = performance.now();
		for (const [i, u] of units.entries()) {
			const r = await uploadByLink(d.db, u.link.split('/u/')[1], { fields: { title: `Tham luận số ${i + 1}`, presenterName: 'Nguyễn Văn A' }, file: { bytes: papers[i], name: `tham-luan-${i + 1}.pdf` } }, { store });
			await addReview(d.db, w.admin, w.eventId, r.submissionId, { decision: i < 5 ? 'presented' : 'printed', body: '', reopenUntil: null });
		}
		const uploadMs = performance.now() - tUp;
		const reportId = await createDocument(d.db, w.admin, w.eventId, { kind: 'main_report', title: 'Báo cáo tổng kết' });
		await uploadStaffVersion(d.db, w.admin, w.eventId, reportId, { bytes: report, name: 'bao-cao.pdf' }, { store });
		const gt: number[] = [];
		let last = null;
		for (let r = 0; r < 3; r++) {
			const t0 = performance.now();
			last = await generateBooklet(d.db, w.admin, w.eventId, { store, soffice: null });
			gt.push(performance.now() - t0);
		}
		rows.push({ bench: 'booklet', case: `generate (PGlite, store, record)`, pages: last!.page_count, inputKB: kb(inputBytes), outputKB: kb(Number(last!.size)), msMedian: Math.round(median(gt)), msMin: Math.round(Math.min(...gt)) });
		rows.push({ bench: 'booklet', case: `${N} uploads by link (checked, stored) + decisions`, pages: N * PAGES, inputKB: kb(inputBytes - report.length), outputKB: null, msMedian: Math.round(uploadMs / N), msMin: null, note: 'ms per upload' });
	} finally {
		await d.close();
		fs.rmSync(dir, { recursive: true, force: true });
	}

	const soffice = findSoffice();
	if (soffice) {
		const docx = makeDocx(Array.from({ length: PAGES }, (_, p) => Array.from({ length: 12 }, () => `Trang ${p + 1}. ${PARA}`)));
		const t0 = performance.now();
		const pdf = await convertDocxToPdf(docx, { soffice });
		const ms = performance.now() - t0;
		rows.push({ bench: 'booklet', case: 'convert one DOCX with LibreOffice', pages: (await PDFDocument.load(pdf)).getPageCount(), inputKB: kb(docx.length), outputKB: kb(pdf.length), msMedian: Math.round(ms), msMin: null });
	} else rows.push({ bench: 'booklet', case: 'convert one DOCX with LibreOffice', note: 'soffice not installed: skipped' });
	return rows;
}
