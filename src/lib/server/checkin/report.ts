/**
 * The attendance report after the event: who came (by tier, in protocol order, with the time and how it was
 * recorded), who did not and why (the mark's reason, else the delegate's reply), the walk-ins and the refused
 * scans with their reasons. As .xlsx (exceljs) and as PDF (renderTablePdf, one table per part, merged).
 */
import ExcelJS from 'exceljs';
import { PDFDocument } from 'pdf-lib';
import type { Executor } from '$lib/server/db';
import { requireEventAccess, type Principal } from '$lib/server/auth/access';
import { renderTablePdf } from '$lib/server/pdf/doc';
import { formatDate, formatDateTime, formatTime } from '$lib/format/date';
import { loadAttendance, loadLiveSummary, loadRefusedScans, sortUnits } from './views';
import type { AttendanceRow, LiveSummary, RefusedScan } from './dto';

export interface AttendanceReport {
	event: { id: number; title: string; startsAt: Date; venue: string; organiserName: string };
	summary: LiveSummary;
	rows: AttendanceRow[];
	refused: RefusedScan[];
	generatedAt: Date;
}

export const METHOD_LABELS: Record<string, string> = {
	scan: 'Quét QR',
	manual: 'Chọn theo tên',
	bulk: 'Hàng loạt',
	walk_in: 'Khách không có tên',
	offline_sync: 'Quét khi mất mạng'
};

export const STATE_LABELS: Record<AttendanceRow['state'], string> = {
	present: 'Có mặt',
	partial: 'Có mặt một phần',
	absent: 'Vắng',
	unknown: 'Không có mặt'
};

export const RESULT_LABELS: Record<string, string> = {
	invalid_token: 'Mã không hợp lệ',
	wrong_event: 'Hội nghị khác',
	cancelled: 'Giấy mời đã hủy',
	replaced: 'Đã cử người dự thay',
	not_found: 'Không tìm thấy'
};

export async function attendanceReport(db: Executor, principal: Principal, eventId: number): Promise<AttendanceReport> {
	const { event } = await requireEventAccess(db, principal, eventId, 'checkin.view');
	const [summary, rows, refused] = await Promise.all([loadLiveSummary(db, eventId), loadAttendance(db, eventId), loadRefusedScans(db, eventId)]);
	return {
		event: { id: event.id, title: event.title, startsAt: event.starts_at, venue: event.venue, organiserName: event.organiser_name },
		summary,
		rows,
		refused,
		generatedAt: new Date()
	};
}

function person(r: AttendanceRow): string {
	return `${r.delegate.salutation ? `${r.delegate.salutation} ` : ''}${r.delegate.name}`;
}

function roleLine(r: AttendanceRow): string {
	return [r.delegate.position, r.delegate.unit !== r.delegate.name ? r.delegate.unit : ''].filter(Boolean).join(', ');
}

/** Present first then partial; the absent list has the absent and those with no sign, with the reason. */
export function absentRows(rows: AttendanceRow[]): AttendanceRow[] {
	return rows.filter((r) => r.state === 'absent' || r.state === 'unknown');
}

function arrivalNote(r: AttendanceRow): string {
	const parts: string[] = [];
	if (r.state === 'partial') parts.push(`Có mặt một phần${r.mark?.note ? `: ${r.mark.note}` : ''}`);
	else if (r.mark?.status === 'present' && !r.checkIn) parts.push(`Đánh dấu có mặt (${r.mark.by})`);
	if (r.checkIn && r.checkIn.method !== 'scan') parts.push(METHOD_LABELS[r.checkIn.method] ?? r.checkIn.method);
	if (r.delegate.walkIn && !parts.includes(METHOD_LABELS.walk_in)) parts.push('Khách không có tên');
	return parts.join('; ');
}

function subtitle(rep: AttendanceReport): string {
	const s = rep.summary;
	return `${formatDateTime(rep.event.startsAt)}${rep.event.venue ? ` · ${rep.event.venue}` : ''} · Có mặt ${s.present}/${s.expected} (${s.percent}%)${s.walkIns ? ` · ${s.walkIns} khách không có tên` : ''}`;
}

// ------------------------------------------------------------------------------------------------ PDF

export async function attendancePdf(rep: AttendanceReport): Promise<Uint8Array> {
	const footer = `In lúc ${formatDateTime(rep.generatedAt)}`;
	const present = rep.rows.filter((r) => r.state === 'present' || r.state === 'partial');
	const tableRows: string[][] = [];
	const groups: number[] = [];
	let lastTier = -1;
	let n = 0;
	for (const r of present) {
		if (r.delegate.tierId !== lastTier) {
			lastTier = r.delegate.tierId;
			const t = rep.summary.byTier.find((x) => x.tierId === r.delegate.tierId);
			groups.push(tableRows.length);
			tableRows.push([`${r.delegate.tierName}${t ? ` (${t.present}/${t.expected})` : ''}`, '', '', '', '']);
		}
		tableRows.push([String(++n), person(r), roleLine(r), r.checkIn ? formatTime(r.checkIn.at) : '', arrivalNote(r)]);
	}
	const parts: Uint8Array[] = [];
	parts.push(
		await renderTablePdf({
			title: `DANH SÁCH ĐẠI BIỂU CÓ MẶT — ${rep.event.title}`,
			subtitle: subtitle(rep),
			columns: [
				{ header: 'STT', width: 6, align: 'center' },
				{ header: 'Họ và tên', width: 26 },
				{ header: 'Chức vụ, đơn vị', width: 40 },
				{ header: 'Giờ đến', width: 10, align: 'center' },
				{ header: 'Ghi chú', width: 22 }
			],
			rows: tableRows.length ? tableRows : [['', 'Chưa có đại biểu nào có mặt', '', '', '']],
			groupHeaderRows: groups,
			footer
		})
	);
	const absent = absentRows(rep.rows);
	parts.push(
		await renderTablePdf({
			title: 'DANH SÁCH ĐẠI BIỂU VẮNG MẶT',
			subtitle: `${absent.length} đại biểu · lý do theo điểm danh, nếu không thì theo phản hồi giấy mời`,
			columns: [
				{ header: 'STT', width: 6, align: 'center' },
				{ header: 'Họ và tên', width: 26 },
				{ header: 'Chức vụ, đơn vị', width: 38 },
				{ header: 'Cấp', width: 14 },
				{ header: 'Lý do', width: 26 }
			],
			rows: absent.length
				? absent.map((r, i) => [String(i + 1), person(r), roleLine(r), r.delegate.tierName, r.absenceReason || 'Không rõ lý do'])
				: [['', 'Không có đại biểu vắng mặt', '', '', '']],
			footer
		})
	);
	const units = sortUnits(rep.summary.byUnit);
	parts.push(
		await renderTablePdf({
			title: 'TỔNG HỢP THEO CẤP VÀ ĐƠN VỊ',
			subtitle: subtitle(rep),
			columns: [
				{ header: 'Cấp / đơn vị', width: 60 },
				{ header: 'Dự kiến', width: 13, align: 'center' },
				{ header: 'Có mặt', width: 13, align: 'center' },
				{ header: 'Tỉ lệ', width: 14, align: 'center' }
			],
			rows: [
				['Theo cấp đại biểu', '', '', ''],
				...rep.summary.byTier.map((t) => [t.name, String(t.expected), String(t.present), pct(t.present, t.expected)]),
				['Theo đơn vị', '', '', ''],
				...units.map((u) => [u.unit, String(u.expected), String(u.present), pct(u.present, u.expected)]),
				['Tổng cộng', String(rep.summary.expected), String(rep.summary.present), `${rep.summary.percent}%`]
			],
			groupHeaderRows: [0, rep.summary.byTier.length + 1],
			footer
		})
	);
	if (rep.refused.length)
		parts.push(
			await renderTablePdf({
				title: 'CÁC LƯỢT QUÉT BỊ TỪ CHỐI',
				subtitle: `${rep.refused.length} lượt`,
				orientation: 'landscape',
				columns: [
					{ header: 'Giờ', width: 8, align: 'center' },
					{ header: 'Kết quả', width: 16 },
					{ header: 'Lý do', width: 46 },
					{ header: 'Mã quét', width: 12 },
					{ header: 'Thiết bị, người quét', width: 24 }
				],
				rows: rep.refused.map((s) => [
					formatTime(s.at),
					RESULT_LABELS[s.result] ?? s.result,
					s.reason,
					s.excerpt,
					[s.device, s.by].filter(Boolean).join(' · ')
				]),
				footer
			})
		);
	return mergePdfs(parts, `Báo cáo điểm danh — ${rep.event.title}`);
}

function pct(p: number, e: number): string {
	return e ? `${Math.round((p / e) * 100)}%` : '—';
}

async function mergePdfs(parts: Uint8Array[], title: string): Promise<Uint8Array> {
	const out = await PDFDocument.create();
	out.setTitle(title);
	out.setCreator('Hội Nghị');
	for (const p of parts) {
		const doc = await PDFDocument.load(p);
		const pages = await out.copyPages(doc, doc.getPageIndices());
		for (const page of pages) out.addPage(page);
	}
	return out.save();
}

// ------------------------------------------------------------------------------------------------ xlsx

const FONT = 'Times New Roman';
const thin = { style: 'thin' as const, color: { argb: 'FF999999' } };
const BORDER = { top: thin, left: thin, bottom: thin, right: thin };

function sheet(wb: ExcelJS.Workbook, name: string, title: string, sub: string, headers: [string, number][], rows: (string | number | Date | null)[][]) {
	const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 4 }], pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
	ws.columns = headers.map(([, width]) => ({ width }));
	ws.mergeCells(1, 1, 1, headers.length);
	ws.getCell(1, 1).value = title;
	ws.getCell(1, 1).font = { name: FONT, size: 14, bold: true };
	ws.mergeCells(2, 1, 2, headers.length);
	ws.getCell(2, 1).value = sub;
	ws.getCell(2, 1).font = { name: FONT, size: 11, italic: true };
	const head = ws.getRow(4);
	headers.forEach(([h], i) => {
		const c = head.getCell(i + 1);
		c.value = h;
		c.font = { name: FONT, size: 11, bold: true };
		c.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
		c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE5E7EB' } };
		c.border = BORDER;
	});
	rows.forEach((r, j) => {
		const row = ws.getRow(5 + j);
		r.forEach((v, i) => {
			const c = row.getCell(i + 1);
			c.value = v;
			c.font = { name: FONT, size: 11 };
			c.alignment = { vertical: 'top', wrapText: true };
			c.border = BORDER;
			if (v instanceof Date) c.numFmt = 'hh:mm dd/mm/yyyy';
		});
	});
	ws.autoFilter = { from: { row: 4, column: 1 }, to: { row: 4, column: headers.length } };
	return ws;
}

/**
 * Times in the sheet are written as Vietnamese wall-clock text ("07:42"), not Excel dates: an Excel date has
 * no time zone and would show UTC on most machines.
 */
export async function attendanceXlsx(rep: AttendanceReport): Promise<Uint8Array> {
	const wb = new ExcelJS.Workbook();
	wb.creator = 'Hội Nghị';
	wb.created = rep.generatedAt;
	const sub = subtitle(rep);
	sheet(
		wb,
		'Tổng hợp',
		`Báo cáo điểm danh — ${rep.event.title}`,
		sub,
		[
			['Cấp / đơn vị', 60],
			['Dự kiến', 12],
			['Có mặt', 12],
			['Tỉ lệ (%)', 12]
		],
		[
			...rep.summary.byTier.map((t) => [t.name, t.expected, t.present, t.expected ? Math.round((t.present / t.expected) * 100) : null]),
			['Tổng cộng', rep.summary.expected, rep.summary.present, rep.summary.percent],
			[null, null, null, null],
			...sortUnits(rep.summary.byUnit).map((u) => [u.unit, u.expected, u.present, u.expected ? Math.round((u.present / u.expected) * 100) : null]),
			[null, null, null, null],
			['Khách không có tên trong danh sách', null, rep.summary.walkIns, null],
			['Lượt quét bị từ chối', null, rep.refused.length, null]
		]
	);
	sheet(
		wb,
		'Điểm danh',
		'Điểm danh từng đại biểu (theo thứ tự lễ tân)',
		sub,
		[
			['STT', 6],
			['Họ và tên', 26],
			['Chức vụ', 30],
			['Đơn vị', 30],
			['Cấp', 18],
			['Mã giấy mời', 12],
			['Điểm danh', 16],
			['Giờ đến', 10],
			['Cách ghi nhận', 18],
			['Người check-in', 22],
			['Thiết bị', 18],
			['Ghi chú / lý do vắng', 30],
			['Đánh dấu bởi', 22]
		],
		rep.rows.map((r, i) => [
			i + 1,
			person(r),
			r.delegate.position,
			r.delegate.unit,
			r.delegate.tierName,
			r.delegate.code,
			STATE_LABELS[r.state],
			r.checkIn ? formatTime(r.checkIn.at) : '',
			r.checkIn ? (METHOD_LABELS[r.checkIn.method] ?? r.checkIn.method) : '',
			r.checkIn?.by ?? '',
			r.checkIn?.device ?? '',
			r.state === 'absent' || r.state === 'unknown' ? r.absenceReason : (r.mark?.note ?? ''),
			r.mark ? `${r.mark.by} (${formatTime(r.mark.at)} ${formatDate(r.mark.at)})` : ''
		])
	);
	const absent = absentRows(rep.rows);
	sheet(
		wb,
		'Vắng mặt',
		'Đại biểu vắng mặt và lý do',
		`${absent.length} đại biểu`,
		[
			['STT', 6],
			['Họ và tên', 26],
			['Chức vụ', 30],
			['Đơn vị', 30],
			['Cấp', 18],
			['Lý do', 40],
			['Nguồn', 22]
		],
		absent.map((r, i) => [
			i + 1,
			person(r),
			r.delegate.position,
			r.delegate.unit,
			r.delegate.tierName,
			r.absenceReason || 'Không rõ lý do',
			r.mark?.note ? `Điểm danh (${r.mark.by})` : r.delegate.replyStatus === 'declined' ? 'Phản hồi giấy mời' : ''
		])
	);
	const walkIns = rep.rows.filter((r) => r.delegate.walkIn);
	sheet(
		wb,
		'Khách không có tên',
		'Đại biểu thêm tại bàn đón tiếp',
		`${walkIns.length} người`,
		[
			['STT', 6],
			['Họ và tên', 26],
			['Chức vụ', 30],
			['Đơn vị', 30],
			['Cấp', 18],
			['Giờ đến', 10],
			['Người thêm', 22]
		],
		walkIns.map((r, i) => [i + 1, person(r), r.delegate.position, r.delegate.unit, r.delegate.tierName, r.checkIn ? formatTime(r.checkIn.at) : '', r.checkIn?.by ?? ''])
	);
	sheet(
		wb,
		'Quét bị từ chối',
		'Các lượt quét bị từ chối và lý do',
		`${rep.refused.length} lượt`,
		[
			['Giờ', 10],
			['Ngày', 12],
			['Kết quả', 20],
			['Lý do', 60],
			['Mã quét (rút gọn)', 16],
			['Đại biểu', 24],
			['Thiết bị', 18],
			['Người quét', 22]
		],
		rep.refused.map((s) => [formatTime(s.at), formatDate(s.at), RESULT_LABELS[s.result] ?? s.result, s.reason, s.excerpt, s.delegateName ?? '', s.device, s.by])
	);
	return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** "bao-cao-diem-danh-<id>-<yyyy-mm-dd>" */
export function reportFileName(rep: AttendanceReport, ext: 'pdf' | 'xlsx'): string {
	const d = formatDate(rep.generatedAt).split('/').reverse().join('-');
	return `bao-cao-diem-danh-${rep.event.id}-${d}.${ext}`;
}
