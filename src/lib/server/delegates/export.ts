/**
 * The list back out: an .xlsx in the shape offices keep (title rows, a bold header with the same
 * columns the import reads, a section row per tier, protocol order) and a printable PDF list.
 * The .xlsx reads back through the import unchanged (tested).
 */
import ExcelJS from 'exceljs';
import type { Executor } from '$lib/server/db';
import { requireEventAccess, type Principal } from '$lib/server/auth/access';
import { formatDateTime, formatPhone } from '$lib/format';
import { renderTablePdf } from '$lib/server/pdf/doc';
import { listDelegateItems, type DelegateListItem } from './service';
import { REPLY_STATUS_LABELS, type ListFilters } from './schema';

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** "A", "B"… then "AA": the section letters of the list. */
export function sectionLetter(i: number): string {
	return i < 26 ? LETTERS[i] : LETTERS[Math.floor(i / 26) - 1] + LETTERS[i % 26];
}

/** The columns of the exported list, which are also headers the import recognises. */
export const EXPORT_COLUMNS = [
	{ header: 'STT', width: 6 },
	{ header: 'Danh xưng', width: 9 },
	{ header: 'Họ và tên', width: 28 },
	{ header: 'Chức vụ', width: 34 },
	{ header: 'Đơn vị', width: 34 },
	{ header: 'Điện thoại', width: 15 },
	{ header: 'Email', width: 28 },
	{ header: 'Cấp', width: 22 },
	{ header: 'Số lượng', width: 9 },
	{ header: 'Ghế', width: 8 },
	{ header: 'Phản hồi', width: 16 },
	{ header: 'Ghi chú', width: 28 }
] as const;

interface EventHead {
	title: string;
	authority_parent: string;
	authority_name: string;
	starts_at: Date;
	venue: string;
}

function rowValues(d: DelegateListItem, stt: number): (string | number)[] {
	const note = [d.notes, d.substituteForLabel ? `Dự thay ${d.substituteForLabel}` : ''].filter(Boolean).join('; ');
	return [
		stt,
		d.kind === 'unit' ? '' : (d.salutation ?? ''),
		d.kind === 'unit' ? d.addressedTo : d.fullName,
		d.position,
		d.unit,
		d.phone ? formatPhone(d.phone) : '',
		d.email ?? '',
		d.tierName,
		d.kind === 'unit' ? d.places : '',
		d.seat,
		REPLY_STATUS_LABELS[d.replyStatus],
		note
	];
}

/** The delegates to print or export, grouped by tier in protocol order. */
export async function exportRows(db: Executor, principal: Principal, eventId: number, filters: ListFilters = {}) {
	const { event } = await requireEventAccess(db, principal, eventId, 'delegate.view');
	const items = await listDelegateItems(db, eventId, { ...filters, sort: 'protocol' });
	return { event, items };
}

function groupsOf(items: DelegateListItem[]): { tierName: string; items: DelegateListItem[] }[] {
	const out: { tierName: string; items: DelegateListItem[] }[] = [];
	for (const d of items) {
		const last = out[out.length - 1];
		if (last && last.tierName === d.tierName) last.items.push(d);
		else out.push({ tierName: d.tierName, items: [d] });
	}
	return out;
}

/** The list as an .xlsx workbook (bytes). */
export async function renderDelegatesXlsx(event: EventHead, items: DelegateListItem[]): Promise<Uint8Array> {
	const wb = new ExcelJS.Workbook();
	wb.creator = 'Hội Nghị';
	wb.created = new Date();
	const ws = wb.addWorksheet('Danh sách đại biểu', {
		pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
		views: [{ state: 'frozen', ySplit: 5 }]
	});
	const n = EXPORT_COLUMNS.length;
	ws.columns = EXPORT_COLUMNS.map((c) => ({ width: c.width }));
	const title = (row: number, text: string, opts: Partial<ExcelJS.Font> = {}) => {
		ws.mergeCells(row, 1, row, n);
		const cell = ws.getCell(row, 1);
		cell.value = text;
		cell.font = { name: 'Times New Roman', size: 13, bold: true, ...opts };
		cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
	};
	title(1, [event.authority_parent, event.authority_name].filter(Boolean).join(' ') || 'DANH SÁCH ĐẠI BIỂU', { size: 12 });
	title(2, `DANH SÁCH ĐẠI BIỂU DỰ ${event.title.toLocaleUpperCase('vi-VN')}`);
	ws.getRow(2).height = 36;
	title(3, `(Xuất lúc ${formatDateTime(new Date())}; ${items.length} đại biểu, xếp theo thứ tự lễ tân)`, { bold: false, italic: true, size: 11 });
	const header = ws.getRow(5);
	EXPORT_COLUMNS.forEach((c, i) => (header.getCell(i + 1).value = c.header));
	header.font = { name: 'Times New Roman', size: 12, bold: true };
	header.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
	header.height = 30;
	const border: Partial<ExcelJS.Borders> = {
		top: { style: 'thin' },
		left: { style: 'thin' },
		bottom: { style: 'thin' },
		right: { style: 'thin' }
	};
	for (let c = 1; c <= n; c++) {
		header.getCell(c).border = border;
		header.getCell(c).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE5E7EB' } };
	}
	let r = 6;
	let stt = 0;
	for (const [gi, g] of groupsOf(items).entries()) {
		ws.mergeCells(r, 1, r, n);
		const cell = ws.getCell(r, 1);
		cell.value = `${sectionLetter(gi)}. ${g.tierName.toLocaleUpperCase('vi-VN')}`;
		cell.font = { name: 'Times New Roman', size: 12, bold: true };
		cell.border = border;
		r++;
		for (const d of g.items) {
			const row = ws.getRow(r);
			rowValues(d, ++stt).forEach((v, i) => {
				const cl = row.getCell(i + 1);
				// Phones stay text (a number would lose its leading 0).
				cl.value = v;
				cl.border = border;
				cl.alignment = { vertical: 'top', wrapText: true, horizontal: i === 0 || i === 8 || i === 9 ? 'center' : 'left' };
			});
			row.font = { name: 'Times New Roman', size: 12 };
			r++;
		}
	}
	ws.pageSetup.printTitlesRow = '5:5';
	ws.autoFilter = { from: { row: 5, column: 1 }, to: { row: 5, column: n } };
	const buf = await wb.xlsx.writeBuffer();
	return new Uint8Array(buf as ArrayBuffer);
}

/** The printable list: STT, name, position, unit, phone, reply / notes; a heading row per tier. */
export async function renderDelegatesPdf(event: EventHead, items: DelegateListItem[]): Promise<Uint8Array> {
	const rows: string[][] = [];
	const groupHeaderRows: number[] = [];
	let stt = 0;
	for (const [gi, g] of groupsOf(items).entries()) {
		groupHeaderRows.push(rows.length);
		rows.push([`${sectionLetter(gi)}. ${g.tierName.toLocaleUpperCase('vi-VN')} (${g.items.length})`]);
		for (const d of g.items) {
			const name = d.kind === 'unit' ? `${d.addressedTo} (${d.places} người)` : [d.salutation, d.fullName].filter(Boolean).join(' ');
			const note = [
				d.replyStatus !== 'pending' ? REPLY_STATUS_LABELS[d.replyStatus] : '',
				d.substituteForLabel ? `Dự thay ${d.substituteForLabel}` : '',
				d.seat ? `Ghế ${d.seat}` : '',
				d.notes
			]
				.filter(Boolean)
				.join('; ');
			rows.push([String(++stt), name, d.position, d.unit, d.phone ? formatPhone(d.phone) : '', note]);
		}
	}
	return renderTablePdf({
		title: `DANH SÁCH ĐẠI BIỂU DỰ ${event.title.toLocaleUpperCase('vi-VN')}`,
		subtitle: `${formatDateTime(event.starts_at)}${event.venue ? ` · ${event.venue}` : ''} · ${items.length} đại biểu`,
		columns: [
			{ header: 'STT', width: 5, align: 'center' },
			{ header: 'Họ và tên', width: 22 },
			{ header: 'Chức vụ', width: 26 },
			{ header: 'Đơn vị', width: 26 },
			{ header: 'Điện thoại', width: 13 },
			{ header: 'Ghi chú', width: 20 }
		],
		rows,
		groupHeaderRows,
		orientation: 'landscape',
		footer: `In lúc ${formatDateTime(new Date())}`
	});
}

/** A safe download filename: "danh-sach-dai-bieu-12.xlsx". */
export function exportFilename(kind: string, eventId: number, ext: string): string {
	return `${kind}-${eventId}.${ext}`;
}
