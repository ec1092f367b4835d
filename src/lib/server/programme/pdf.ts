/**
 * Printed programme (chương trình) and MC script, in Vietnamese, with the PDF engine (pdf-lib + Tinos).
 * Pure: data in, bytes out.
 */
import {
	BLACK,
	GREY,
	PAGE_SIZES,
	createPdf,
	drawParagraphLine,
	drawRule,
	drawText,
	layoutParagraph,
	mm,
	renderTablePdf,
	savePdf
} from '$lib/server/pdf/doc';
import { formatDateLine, formatDateTime, formatEventWhen, formatTime } from '$lib/format';
import type { PDFPage } from 'pdf-lib';
import type { Executor } from '$lib/server/db';
import type { Principal } from '$lib/server/auth/access';
import { getProgramme } from './service';
import { getScript } from './script';

export interface ProgrammePdfInput {
	title: string;
	authorityParent: string;
	authorityName: string;
	placeName: string;
	startsAt: Date;
	venue: string;
	items: { plannedStart: string; plannedEnd: string; title: string; presenterName: string; presenterPosition: string; kindLabel: string; notes: string }[];
	printedAt?: Date;
}

/** The programme as a table: time, content, who. */
export async function renderProgrammePdf(p: ProgrammePdfInput): Promise<Uint8Array> {
	return renderTablePdf({
		title: `CHƯƠNG TRÌNH\n${p.title}`,
		subtitle: `Thời gian: ${formatEventWhen(p.startsAt)}${p.venue ? `. Địa điểm: ${p.venue}` : ''}.`,
		columns: [
			{ header: 'Thời gian', width: 17, align: 'center' },
			{ header: 'Nội dung', width: 50 },
			{ header: 'Thực hiện', width: 33 }
		],
		rows: p.items.map((it) => [
			`${formatTime(it.plannedStart)} – ${formatTime(it.plannedEnd)}`,
			it.notes ? `${it.title}\n${it.notes}` : it.title,
			[it.presenterName, it.presenterPosition].filter(Boolean).join('\n')
		]),
		orientation: 'portrait',
		footer: `In lúc ${formatDateTime(p.printedAt ?? new Date())}`
	});
}

export interface ScriptPdfInput {
	text: string;
	title: string;
	placeName: string;
	startsAt: Date;
}

/**
 * The MC's script on A4 portrait with NĐ 30/2020 margins: headings ("# 08:00 – …") bold, stage directions
 * (lines in parentheses) italic, everything else justified; page numbers from page 2 at the top centre.
 */
export async function renderScriptPdf(s: ScriptPdfInput): Promise<Uint8Array> {
	const { doc, fonts } = await createPdf({ title: `Kịch bản dẫn chương trình – ${s.title}` });
	const [W, H] = PAGE_SIZES.a4Portrait;
	const left = mm(30);
	const right = W - mm(15);
	const width = right - left;
	const top = H - mm(20);
	const bottom = mm(20);
	const size = 13;
	const lh = size * 1.35;
	const pages: PDFPage[] = [];
	let page!: PDFPage;
	let y = 0;
	const newPage = () => {
		page = doc.addPage([W, H]);
		pages.push(page);
		y = top - size;
	};
	newPage();
	const lines = s.text.replace(/\r\n?/g, '\n').split('\n');
	// The title block: the lines before the first blank line, centred (title bold and larger).
	const titleEnd = Math.max(0, lines.findIndex((l) => !l.trim()));
	for (const [index, raw] of lines.entries()) {
		const line = raw.trimEnd();
		if (!line.trim()) {
			y -= lh * 0.5;
			continue;
		}
		let font = fonts.regular;
		let align: 'justify' | 'center' | 'left' = 'justify';
		let text = line;
		let fsize = size;
		let before = 0;
		let indent = mm(10);
		if (index < titleEnd) {
			align = 'center';
			indent = 0;
			font = index === 0 ? fonts.bold : /^\(.*\)$/.test(line.trim()) ? fonts.italic : fonts.bold;
			fsize = index === 0 ? 15 : 13;
		} else if (line.startsWith('# ')) {
			font = fonts.bold;
			align = 'left';
			indent = 0;
			text = line.slice(2);
			before = lh * 0.4;
		} else if (/^\(.*\)$/.test(line.trim())) {
			font = fonts.italic;
		} else if (/^(\d+\.|–|-)\s/.test(line)) {
			// List items: flush with the paragraph indent, wrapped lines under the text.
			align = 'left';
		}
		y -= before;
		const laid = layoutParagraph(text, { font, size: fsize, width, firstLineIndent: indent });
		for (const l of laid) {
			if (y < bottom) newPage();
			drawParagraphLine(page, l, { x: left, y, width, size: fsize, align });
			y -= fsize * 1.35;
		}
		if (index === titleEnd - 1) {
			drawRule(page, { x1: W / 2 - mm(25), x2: W / 2 + mm(25), y: y + fsize * 0.6, thickness: 0.6 });
		}
	}
	pages.forEach((p, i) => {
		if (i > 0) drawText(p, String(i + 1), { x: W / 2, y: H - mm(12), font: fonts.regular, size: 12, align: 'center' });
		drawText(p, s.placeName ? formatDateLine(s.placeName, s.startsAt) : '', { x: left, y: mm(10), font: fonts.italic, size: 9, color: GREY });
	});
	void BLACK;
	return savePdf(doc);
}

// ------------------------------------------------------------------------------------------------
// For an event (permission checked)

/** The event's programme as a PDF. */
export async function programmePdfFor(db: Executor, principal: Principal, eventId: number): Promise<Uint8Array> {
	const p = await getProgramme(db, principal, eventId);
	return renderProgrammePdf({
		title: p.event.title,
		authorityParent: p.event.authority_parent,
		authorityName: p.event.authority_name,
		placeName: p.event.place_name,
		startsAt: p.event.starts_at,
		venue: p.event.venue,
		items: p.items
	});
}

/** The MC's script (the draft, or freshly generated) as a PDF. */
export async function scriptPdfFor(db: Executor, principal: Principal, eventId: number): Promise<Uint8Array> {
	const s = await getScript(db, principal, eventId);
	const { event } = await getProgramme(db, principal, eventId);
	return renderScriptPdf({ text: s.text, title: event.title, placeName: event.place_name, startsAt: event.starts_at });
}

/** A PDF download response (attachment, never rendered as HTML). */
export function pdfResponse(bytes: Uint8Array, filename: string, inline = false): Response {
	const ascii = filename.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').replace(/[^\w.-]+/g, '-');
	return new Response(bytes as unknown as BodyInit, {
		headers: {
			'content-type': 'application/pdf',
			'content-length': String(bytes.length),
			'content-disposition': `${inline ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
			'x-content-type-options': 'nosniff',
			'cache-control': 'no-store'
		}
	});
}
