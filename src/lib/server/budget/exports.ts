/** Downloads of the dự toán and the quyết toán, as .xlsx or PDF (budget.view). */
import type { Executor } from '$lib/server/db';
import { requireEventAccess, type Principal } from '$lib/server/auth/access';
import { notFound } from '$lib/server/errors';
import { budgetOf } from './summary';
import { reportHead, type ReportKind } from './report';
import { budgetSigners } from './signers';
import { estimateXlsx, settlementXlsx } from './xlsx';
import { estimatePdf, settlementPdf } from './pdf';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface ReportFile {
	bytes: Uint8Array;
	fileName: string;
	contentType: string;
}

/** "du-toan.xlsx", "quyet-toan.pdf" … → kind and format; anything else is a 404. */
export function parseReportName(name: string): { kind: ReportKind; format: 'xlsx' | 'pdf' } {
	const m = /^(du-toan|quyet-toan)\.(xlsx|pdf)$/.exec(name);
	if (!m) throw notFound('Không có báo cáo này');
	return { kind: m[1] === 'du-toan' ? 'estimate' : 'settlement', format: m[2] as 'xlsx' | 'pdf' };
}

export async function budgetReport(
	db: Executor,
	principal: Principal,
	eventId: number,
	kind: ReportKind,
	format: 'xlsx' | 'pdf',
	opts: { now?: Date; noCachedResults?: boolean } = {}
): Promise<ReportFile> {
	const { event, role } = await requireEventAccess(db, principal, eventId, 'budget.view');
	const b = await budgetOf(db, event, role);
	const h = reportHead(
		b,
		kind,
		{ authorityParent: event.authority_parent, authorityName: event.authority_name, placeName: event.place_name, venue: event.venue, startsAt: event.starts_at },
		principal.user.fullName,
		opts.now,
		await budgetSigners(db, event.organisation_id)
	);
	let bytes: Uint8Array;
	if (format === 'xlsx') bytes = kind === 'estimate' ? await estimateXlsx(b, h, opts) : await settlementXlsx(b, h, opts);
	else bytes = kind === 'estimate' ? await estimatePdf(b, h) : await settlementPdf(b, h);
	return { bytes, fileName: `${h.fileName}.${format}`, contentType: format === 'xlsx' ? XLSX_TYPE : 'application/pdf' };
}
