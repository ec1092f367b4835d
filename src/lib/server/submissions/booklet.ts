/**
 * The conference booklet (tài liệu hội nghị): one PDF with
 *   1. a cover (authority, "TÀI LIỆU HỘI NGHỊ", the event title, place and date);
 *   2. a table of contents whose page numbers are computed after merging (its own length is laid out
 *      first, so every start page is known before anything is drawn);
 *   3. the main report (báo cáo sơ kết / tổng kết), then the tham luận selected for presentation in
 *      speaking order, then those printed in the documents only, by unit name (Vietnamese order).
 *      The speeches (khai mạc, chỉ đạo) are delivered, not distributed beforehand, so they are not included;
 *   4. a page number centred at the bottom of every page after the cover (the cover counts as page 1 but,
 *      as on any printed book, carries no number), in Tinos, on a small white ground so that a number the
 *      source document printed at the same place does not show through.
 *
 * PDF submissions are merged page for page (pdf-lib copyPages: text stays text). A DOCX is converted with
 * LibreOffice when the server has it (the PDF is kept, keyed to the version); otherwise it is listed as
 * needing a PDF, with a message, and left out.
 */
import { PDFDocument, degrees, type PDFPage } from 'pdf-lib';
import { inTransaction, type Executor } from '$lib/server/db';
import { DomainError, conflict } from '$lib/server/errors';
import { writeAudit, type Actor } from '$lib/server/audit';
import { actorOf, requireEventAccess, type EventRow, type Principal } from '$lib/server/auth/access';
import { nameCollator, vnDateParts } from '$lib/format';
import {
	BLACK,
	GREY,
	PAGE_SIZES,
	RED,
	WHITE,
	createPdf,
	drawLinesInBox,
	drawRule,
	drawText,
	fitText,
	measureText,
	mm,
	savePdf,
	wrapText,
	type PdfFonts
} from '$lib/server/pdf/doc';
import { fileStore, registerStoredFile, type FileStore } from '$lib/server/files/store';
import { CONTENT_TYPES } from '$lib/server/files/inspect';
import { ConversionError, convertDocxToPdf, findSoffice } from './convert';
import { DOC_STATUS_LABELS, kindLabel } from './labels';
import type { Selectable } from 'kysely';
import type { BookletItem, BookletMissing, BookletWarning, SubmissionBookletTable, SubmissionKind } from './tables';

export type BookletSection = BookletItem['section'];

export const SECTION_TITLES: Record<BookletSection, string> = {
	report: 'BÁO CÁO',
	presented: 'THAM LUẬN TRÌNH BÀY TẠI HỘI NGHỊ',
	printed: 'THAM LUẬN IN TRONG TÀI LIỆU'
};

export interface BookletSource {
	submissionId: number;
	kind: SubmissionKind;
	section: BookletSection;
	title: string;
	unit: string;
	presenter: string;
	versionNumber: number;
	converted: boolean;
	pdf: PDFDocument;
}

export interface BookletHeader {
	title: string;
	authorityParent: string;
	authorityName: string;
	placeName: string;
	startsAt: Date;
	kindLabel: string;
}

const ROMAN = ['I', 'II', 'III', 'IV', 'V'];

// ----------------------------------------------------------------------------------- pure composition

/** Composes the booklet from loaded PDFs. Pure: no database, no files. */
export async function composeBooklet(
	header: BookletHeader,
	sources: BookletSource[]
): Promise<{ bytes: Uint8Array; pageCount: number; contents: BookletItem[] }> {
	const { doc, fonts } = await createPdf({
		title: `Tài liệu hội nghị — ${header.title}`,
		subject: 'Tài liệu hội nghị',
		author: header.authorityName || 'Ban tổ chức'
	});
	drawCover(doc.addPage(PAGE_SIZES.a4Portrait), fonts, header);

	const toc = layoutToc(fonts, sources);
	const tocPages = toc.pages;
	let next = 1 + tocPages + 1;
	const contents: BookletItem[] = sources.map((s) => {
		const pages = s.pdf.getPageCount();
		const item: BookletItem = {
			submissionId: s.submissionId,
			kind: s.kind,
			section: s.section,
			title: s.title,
			unit: s.unit,
			startPage: next,
			pages,
			versionNumber: s.versionNumber,
			converted: s.converted
		};
		next += pages;
		return item;
	});
	drawToc(doc, fonts, toc, contents);

	for (const s of sources) {
		const copied = await doc.copyPages(s.pdf, s.pdf.getPageIndices());
		for (const p of copied) doc.addPage(p);
	}
	const pages = doc.getPages();
	pages.forEach((p, i) => {
		if (i > 0) stampPageNumber(p, String(i + 1), fonts);
	});
	const bytes = await savePdf(doc);
	return { bytes, pageCount: pages.length, contents };
}

function coverDateLine(place: string, d: Date): string {
	const { month, year } = vnDateParts(d);
	return `${place ? `${place.trim()}, ` : ''}tháng ${month} năm ${year}`;
}

function drawCover(page: PDFPage, fonts: PdfFonts, h: BookletHeader): void {
	const { width, height } = page.getSize();
	// A double frame, as printed conference documents have.
	page.drawRectangle({ x: mm(12), y: mm(12), width: width - mm(24), height: height - mm(24), borderColor: RED, borderWidth: 1.6 });
	page.drawRectangle({ x: mm(14.5), y: mm(14.5), width: width - mm(29), height: height - mm(29), borderColor: RED, borderWidth: 0.5 });
	const cx = width / 2;
	let y = height - mm(34);
	if (h.authorityParent) {
		drawText(page, h.authorityParent.toUpperCase(), { x: cx, y, font: fonts.regular, size: 14, align: 'center', maxWidth: mm(160) });
		y -= 18;
	}
	if (h.authorityName) {
		const d = drawText(page, h.authorityName.toUpperCase(), { x: cx, y, font: fonts.bold, size: 14, align: 'center', maxWidth: mm(160) });
		y -= 8;
		drawRule(page, { x1: cx - Math.min(d.width, mm(60)) / 3, x2: cx + Math.min(d.width, mm(60)) / 3, y, thickness: 0.8 });
	}
	// The name of the documents, then the event.
	const titleTop = height * 0.62;
	drawText(page, 'TÀI LIỆU HỘI NGHỊ', { x: cx, y: titleTop, font: fonts.bold, size: 30, align: 'center', color: RED, maxWidth: mm(170) });
	const fit = fitText(h.title, { font: fonts.bold, width: mm(150), maxSize: 18, minSize: 13, maxLines: 6, balance: true, lineHeight: 1.3 });
	drawLinesInBox(page, fit.lines, { left: cx - mm(75), top: titleTop - mm(14), width: mm(150), height: fit.height }, {
		font: fonts.bold,
		size: fit.size,
		lineHeight: fit.lineHeight,
		align: 'center',
		valign: 'top',
		color: BLACK
	});
	drawText(page, coverDateLine(h.placeName, h.startsAt), { x: cx, y: mm(30), font: fonts.italic, size: 14, align: 'center' });
}

// Table of contents geometry (A4 portrait).
const TOC = {
	left: mm(25),
	right: mm(15),
	top: mm(20),
	bottom: mm(22),
	numberWidth: mm(10),
	pageWidth: mm(14),
	titleSize: 13,
	subSize: 12,
	sectionSize: 13,
	gapAfterItem: 5,
	heading: 16
};

interface TocLine {
	kind: 'section' | 'title' | 'sub';
	text: string;
	/** Index into the sources, on the last title line (where the page number goes). */
	pageOf?: number;
	number?: string;
	height: number;
}

interface TocLayout {
	pages: number;
	/** Lines per page, in order. */
	byPage: TocLine[][];
}

function layoutToc(fonts: PdfFonts, sources: BookletSource[]): TocLayout {
	const [pw, ph] = PAGE_SIZES.a4Portrait;
	const textWidth = pw - TOC.left - TOC.right - TOC.numberWidth - TOC.pageWidth;
	const lines: TocLine[][] = []; // blocks kept together
	let lastSection: BookletSection | null = null;
	let sectionNo = 0;
	let itemNo = 0;
	sources.forEach((s, i) => {
		const block: TocLine[] = [];
		if (s.section !== lastSection) {
			lastSection = s.section;
			itemNo = 0;
			block.push({ kind: 'section', text: `${ROMAN[sectionNo++]}. ${SECTION_TITLES[s.section]}`, height: TOC.sectionSize * 1.9 });
		}
		itemNo++;
		const title = wrapText(s.title, fonts.bold, TOC.titleSize, textWidth);
		title.forEach((t, j) =>
			block.push({
				kind: 'title',
				text: t,
				number: j === 0 ? `${itemNo}.` : undefined,
				height: TOC.titleSize * 1.25
			})
		);
		const sub = [s.unit, s.presenter].filter(Boolean).join(' — ');
		if (sub) for (const t of wrapText(sub, fonts.italic, TOC.subSize, textWidth)) block.push({ kind: 'sub', text: t, height: TOC.subSize * 1.25 });
		// The page number stands on the last line of the entry, after a dot leader.
		block[block.length - 1].pageOf = i;
		block[block.length - 1].height += TOC.gapAfterItem;
		lines.push(block);
	});
	const firstTop = ph - TOC.top - TOC.heading * 2.4;
	const otherTop = ph - TOC.top;
	const byPage: TocLine[][] = [[]];
	let y = firstTop;
	for (const block of lines) {
		const h = block.reduce((a, l) => a + l.height, 0);
		if (y - h < TOC.bottom && byPage[byPage.length - 1].length) {
			byPage.push([]);
			y = otherTop;
		}
		byPage[byPage.length - 1].push(...block);
		y -= h;
	}
	return { pages: byPage.length, byPage };
}

function drawToc(doc: PDFDocument, fonts: PdfFonts, toc: TocLayout, contents: BookletItem[]): void {
	const [pw, ph] = PAGE_SIZES.a4Portrait;
	const textLeft = TOC.left + TOC.numberWidth;
	const pageRight = pw - TOC.right;
	toc.byPage.forEach((lines, pi) => {
		const page = doc.addPage(PAGE_SIZES.a4Portrait);
		let y = ph - TOC.top;
		if (pi === 0) {
			drawText(page, 'MỤC LỤC', { x: pw / 2, y: y - TOC.heading, font: fonts.bold, size: TOC.heading, align: 'center' });
			drawText(page, 'Trang', { x: pageRight, y: y - TOC.heading * 2.2, font: fonts.italic, size: 11, align: 'right', color: GREY });
			y -= TOC.heading * 2.4;
		}
		for (const l of lines) {
			const base = y - (l.kind === 'section' ? TOC.sectionSize * 1.45 : l.kind === 'title' ? TOC.titleSize : TOC.subSize);
			if (l.kind === 'section') {
				drawText(page, l.text, { x: TOC.left, y: base, font: fonts.bold, size: TOC.sectionSize, maxWidth: pageRight - TOC.left });
			} else {
				const font = l.kind === 'title' ? fonts.bold : fonts.italic;
				const size = l.kind === 'title' ? TOC.titleSize : TOC.subSize;
				if (l.number) drawText(page, l.number, { x: TOC.left, y: base, font: fonts.bold, size });
				const drawn = drawText(page, l.text, { x: textLeft, y: base, font, size });
				if (l.pageOf !== undefined) {
					const num = String(contents[l.pageOf].startPage);
					const numW = measureText(num, fonts.regular, TOC.titleSize);
					drawText(page, num, { x: pageRight, y: base, font: fonts.regular, size: TOC.titleSize, align: 'right' });
					// Dot leader between the text and the number.
					const from = textLeft + drawn.width + 4;
					const to = pageRight - numW - 4;
					const n = Math.floor((to - from) / measureText('. ', fonts.regular, 11));
					if (n > 1) drawText(page, '. '.repeat(n).trimEnd(), { x: to, y: base, font: fonts.regular, size: 11, align: 'right', color: GREY });
				}
			}
			y -= l.height;
		}
	});
}

/** Writes the page number centred at the visual bottom of a page, whatever its rotation and box. */
export function stampPageNumber(page: PDFPage, label: string, fonts: PdfFonts): void {
	const size = 11;
	const font = fonts.regular;
	const tw = font.widthOfTextAtSize(label, size);
	const box = page.getCropBox();
	const { x: x0, y: y0, width: w, height: h } = box;
	const rot = ((page.getRotation().angle % 360) + 360) % 360;
	const off = mm(8); // baseline distance from the visual bottom edge
	const padX = 4;
	const padY = 3;
	const bw = tw + 2 * padX;
	const bh = size + 2 * padY;
	const descent = size * 0.22;
	if (rot === 90) {
		// Displayed turned a quarter clockwise: the visual bottom is the right edge.
		const bx = x0 + w - off;
		const by = y0 + h / 2 - tw / 2;
		page.drawRectangle({ x: bx - size + descent - padY, y: by - padX, width: bh, height: bw, color: WHITE });
		page.drawText(label, { x: bx, y: by, size, font, color: BLACK, rotate: degrees(90) });
	} else if (rot === 180) {
		const bx = x0 + w / 2 + tw / 2;
		const by = y0 + h - off;
		page.drawRectangle({ x: bx - tw - padX, y: by - descent - padY + descent, width: bw, height: bh, color: WHITE });
		page.drawText(label, { x: bx, y: by, size, font, color: BLACK, rotate: degrees(180) });
	} else if (rot === 270) {
		const bx = x0 + off;
		const by = y0 + h / 2 + tw / 2;
		page.drawRectangle({ x: bx - descent - padY, y: by - tw - padX, width: bh, height: bw, color: WHITE });
		page.drawText(label, { x: bx, y: by, size, font, color: BLACK, rotate: degrees(270) });
	} else {
		const bx = x0 + w / 2 - tw / 2;
		const by = y0 + off;
		page.drawRectangle({ x: bx - padX, y: by - descent - padY, width: bw, height: bh, color: WHITE });
		page.drawText(label, { x: bx, y: by, size, font, color: BLACK });
	}
}

// ----------------------------------------------------------------------------------- generation

export interface BookletOptions {
	store?: FileStore;
	/** Path of soffice, or null to act as if LibreOffice were absent (default: looked up on PATH). */
	soffice?: string | null;
	convertTimeoutMs?: number;
}

function headerOf(e: EventRow): BookletHeader {
	return {
		title: e.title,
		authorityParent: e.authority_parent,
		authorityName: e.authority_name,
		placeName: e.place_name,
		startsAt: e.starts_at,
		kindLabel: kindLabel('main_report', e.kind)
	};
}

/** Generates the booklet from the current versions, stores it and records it. */
export async function generateBooklet(db: Executor, principal: Principal, eventId: number, opts: BookletOptions = {}) {
	const { event } = await requireEventAccess(db, principal, eventId, 'submission.review');
	return buildBooklet(db, event, { ...opts, actor: actorOf(principal), userId: principal.user.id });
}

/** The work of generateBooklet once access is checked (the demo seeder calls it directly). */
export async function buildBooklet(db: Executor, event: EventRow, opts: BookletOptions & { actor: Actor; userId: number | null }) {
	const t0 = performance.now();
	const store = opts.store ?? fileStore();
	const eventId = event.id;
	const rows = await db
		.selectFrom('submission as s')
		.leftJoin('submission_unit as u', 'u.id', 's.unit_id')
		.leftJoin('submission_version as v', 'v.id', 's.current_version_id')
		.select([
			's.id',
			's.kind',
			's.title',
			's.status',
			's.doc_status',
			's.presenter_name',
			's.presenter_position',
			's.presentation_order',
			'u.name as unit',
			'v.id as version_id',
			'v.number as version_number',
			'v.sha256',
			'v.file_kind',
			'v.converted_sha256'
		])
		.where('s.event_id', '=', eventId)
		.where((eb) => eb.or([eb('s.kind', '=', 'main_report'), eb('s.status', 'in', ['presented', 'printed'])]))
		.execute();
	const report = rows.filter((r) => r.kind === 'main_report');
	const presented = rows.filter((r) => r.status === 'presented').sort((a, b) => (a.presentation_order ?? 1e9) - (b.presentation_order ?? 1e9) || a.id - b.id);
	const printed = rows.filter((r) => r.status === 'printed').sort((a, b) => nameCollator.compare(a.unit ?? '', b.unit ?? '') || a.id - b.id);
	const ordered = [
		...report.map((r) => ({ r, section: 'report' as const })),
		...presented.map((r) => ({ r, section: 'presented' as const })),
		...printed.map((r) => ({ r, section: 'printed' as const }))
	];
	if (!ordered.length)
		throw conflict('booklet_empty', 'Chưa có gì để đưa vào tài liệu: cần báo cáo chính hoặc ít nhất một tham luận được chọn (trình bày hoặc in).');

	const soffice = opts.soffice === undefined ? findSoffice() : opts.soffice;
	const sources: BookletSource[] = [];
	const missing: BookletMissing[] = [];
	for (const { r, section } of ordered) {
		const title = r.title || kindLabel(r.kind, event.kind);
		const unit = r.kind === 'tham_luan' ? (r.unit ?? '') : '';
		const presenter = r.kind === 'tham_luan' ? [r.presenter_name, r.presenter_position].filter(Boolean).join(', ') : '';
		const miss = (reason: BookletMissing['reason'], message: string) => missing.push({ submissionId: r.id, title, unit, reason, message });
		if (!r.version_id || !r.sha256) {
			miss('no_version', 'Chưa có tệp nào được tải lên.');
			continue;
		}
		let pdfBytes: Uint8Array | null = null;
		let converted = false;
		if (r.file_kind === 'pdf') pdfBytes = await store.read(r.sha256);
		else if (r.converted_sha256 && (await store.has(r.converted_sha256))) {
			pdfBytes = await store.read(r.converted_sha256);
			converted = true;
		} else if (!soffice) {
			miss('docx_needs_pdf', 'Tệp là Word (.docx) và máy chủ chưa cài LibreOffice để chuyển sang PDF. Hãy tải lên bản PDF của văn bản này (hoặc nhờ đơn vị gửi bản PDF).');
			continue;
		} else {
			try {
				pdfBytes = await convertDocxToPdf(await store.read(r.sha256), { soffice, timeoutMs: opts.convertTimeoutMs });
				const put = await store.put(pdfBytes);
				await inTransaction(db, async (tx) => {
					await registerStoredFile(tx, { sha256: put.sha256, size: put.size, contentType: CONTENT_TYPES.pdf });
					await tx.updateTable('submission_version').set({ converted_sha256: put.sha256 }).where('id', '=', r.version_id!).execute();
				});
				converted = true;
			} catch (e) {
				if (!(e instanceof ConversionError)) throw e;
				miss('conversion_failed', 'Không chuyển được tệp Word (.docx) sang PDF. Hãy tải lên bản PDF của văn bản này.');
				continue;
			}
		}
		try {
			const pdf = await PDFDocument.load(pdfBytes, { updateMetadata: false });
			if (pdf.getPageCount() < 1) throw new Error('no pages');
			sources.push({ submissionId: r.id, kind: r.kind, section, title, unit, presenter, versionNumber: r.version_number ?? 0, converted, pdf });
		} catch {
			miss('unreadable', 'Không đọc được tệp PDF này khi ghép. Hãy tải lên lại bản PDF xuất từ Word.');
		}
	}
	if (!sources.length)
		throw new DomainError('booklet_nothing_ready', 'Chưa có văn bản nào ghép được: ' + missing.map((m) => `${m.title} (${m.message})`).join('; '), {
			status: 409,
			details: { missing }
		});
	const composed = await composeBooklet(headerOf(event), sources);
	const reportIn = composed.contents.find((c) => c.kind === 'main_report');
	const put = await store.put(composed.bytes);
	const durationMs = Math.round(performance.now() - t0);
	return inTransaction(db, async (tx) => {
		await registerStoredFile(tx, { sha256: put.sha256, size: put.size, contentType: CONTENT_TYPES.pdf });
		const row = await tx
			.insertInto('submission_booklet')
			.values({
				event_id: eventId,
				sha256: put.sha256,
				size: put.size,
				page_count: composed.pageCount,
				contents: JSON.stringify(composed.contents),
				missing: JSON.stringify(missing),
				duration_ms: durationMs,
				created_by: opts.userId
			})
			.returningAll()
			.executeTakeFirstOrThrow();
		await writeAudit(tx, opts.actor, {
			action: 'submission.booklet.generated',
			entityType: 'submission_booklet',
			entityId: row.id,
			organisationId: event.organisation_id,
			eventId,
			data: {
				pages: composed.pageCount,
				items: composed.contents.length,
				missing: missing.length,
				size: put.size,
				// Whether the report went in approved (the booklet page warns otherwise).
				report: reportIn ? { version: reportIn.versionNumber, docStatus: report[0]?.doc_status ?? null } : null
			}
		});
		return row;
	});
}

/**
 * What stands between this booklet and the printer: the main report (báo cáo sơ kết / tổng kết) must be in
 * it, and be the current version, approved by the leaders. Read against the documents as they are now, so a
 * report approved later clears the warning (same version: the text printed is the text approved), and a
 * new version uploaded since asks for the booklet to be made again. The booklet has no separate “final”
 * mode: it is generated whenever asked (drafts are useful to proofread), and these warnings say whether
 * the latest one may be printed.
 */
export async function bookletWarnings(
	db: Executor,
	event: Pick<EventRow, 'id' | 'kind'>,
	booklet: Pick<Selectable<SubmissionBookletTable>, 'contents' | 'missing'>
): Promise<BookletWarning[]> {
	const label = kindLabel('main_report', event.kind);
	const report = await db
		.selectFrom('submission as s')
		.leftJoin('submission_version as v', 'v.id', 's.current_version_id')
		.select(['s.id', 's.doc_status', 'v.number as version_number'])
		.where('s.event_id', '=', event.id)
		.where('s.kind', '=', 'main_report')
		.executeTakeFirst();
	const printed = booklet.contents.find((c) => c.kind === 'main_report');
	const advice = `Không in, phát hành tài liệu khi chưa có ${label.toLowerCase()} đã được lãnh đạo duyệt.`;
	if (!printed || !report || printed.submissionId !== report.id) {
		const why = !report
			? 'chưa tạo văn bản này (mục “Báo cáo, phát biểu”)'
			: report.version_number === null
				? 'văn bản chưa có tệp'
				: booklet.missing.some((m) => m.submissionId === report.id)
					? 'tệp của báo cáo không ghép được (xem “Chưa đưa vào tài liệu”)'
					: 'báo cáo được tải lên sau khi tạo tài liệu';
		return [{ code: 'report_missing', message: `Tài liệu không có ${label.toLowerCase()}: ${why}. ${advice} Hãy tải lên báo cáo, trình duyệt rồi tạo lại tài liệu.` }];
	}
	const status = report.doc_status ?? 'draft';
	if (report.version_number !== printed.versionNumber)
		return [
			{
				code: 'report_changed',
				message: `${label} đã có bản ${report.version_number} (${DOC_STATUS_LABELS[status]}) sau khi tạo tài liệu; tài liệu đang in bản ${printed.versionNumber}. Hãy tạo lại tài liệu${status === 'approved' ? '' : ' khi bản mới được duyệt'}.`
			}
		];
	if (status !== 'approved')
		return [
			{
				code: 'report_not_approved',
				message: `${label} trong tài liệu (bản ${printed.versionNumber}) chưa được duyệt (trạng thái: ${DOC_STATUS_LABELS[status]}). ${advice} Khi bản này được duyệt, cảnh báo tự hết, không cần tạo lại tài liệu.`
			}
		];
	return [];
}

/** The booklet file, for a download (the last one, or a given one of this event). */
export async function bookletFile(db: Executor, principal: Principal, eventId: number, bookletId?: number) {
	await requireEventAccess(db, principal, eventId, 'submission.view');
	let q = db.selectFrom('submission_booklet').selectAll().where('event_id', '=', eventId);
	q = bookletId ? q.where('id', '=', bookletId) : q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(1);
	const row = await q.executeTakeFirst();
	if (!row) throw new DomainError('not_found', 'Chưa tạo tài liệu hội nghị', { status: 404 });
	return row;
}

