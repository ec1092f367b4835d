/**
 * Letter downloads for staff and the API: one delegate's letter, all letters in one PDF, or a ZIP of one
 * file per delegate. Letters carry personal links (the QR), so they need the invitation permission.
 */
import { isId } from '$lib/server/ids';
import type { Executor } from '$lib/server/db';
import { requireEventAccess, type Principal } from '$lib/server/auth/access';
import { invalid } from '$lib/server/errors';
import { vnDateParts } from '$lib/format';
import { config } from '$lib/server/config';
import { renderInvitations } from '$lib/server/pdf/invitation';
import {
	buildLetter,
	isLetterFilter,
	lettersSelection,
	renderDelegateLetter,
	renderDelegateLetterDocx,
	renderLettersDocx,
	renderLettersPdf,
	renderLettersZip,
	type LetterFilter
} from './letter';
import { letterSettings } from './settings';

export interface Download {
	bytes: Uint8Array;
	filename: string;
	contentType: string;
	count: number;
}

export function parseLetterQuery(params: URLSearchParams): { filter: LetterFilter; tierId: number | null } {
	const f = params.get('filter') ?? 'all';
	if (!isLetterFilter(f)) throw invalid({ filter: 'Bộ lọc không hợp lệ (all, no-email, not-sent)' });
	const t = params.get('tier');
	const tierId = t ? Number(t) : null;
	if (tierId !== null && !isId(tierId)) throw invalid({ tier: 'Cấp không hợp lệ' });
	return { filter: f, tierId };
}

function stamp(): string {
	const p = vnDateParts(new Date());
	return `${p.year}${String(p.month).padStart(2, '0')}${String(p.day).padStart(2, '0')}`;
}

export async function downloadLetter(db: Executor, principal: Principal, eventId: number, delegateId: number): Promise<Download> {
	await requireEventAccess(db, principal, eventId, 'invitation.send');
	const r = await renderDelegateLetter(db, eventId, delegateId);
	return { bytes: r.bytes, filename: r.filename, contentType: 'application/pdf', count: 1 };
}

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** One delegate's letter as a Word document, for an office that edits it before signing. */
export async function downloadLetterDocx(db: Executor, principal: Principal, eventId: number, delegateId: number): Promise<Download> {
	await requireEventAccess(db, principal, eventId, 'invitation.send');
	const r = await renderDelegateLetterDocx(db, eventId, delegateId);
	return { bytes: r.bytes, filename: r.filename, contentType: DOCX_TYPE, count: 1 };
}

export async function downloadLetters(
	db: Executor,
	principal: Principal,
	eventId: number,
	format: 'pdf' | 'zip' | 'docx',
	q: { filter: LetterFilter; tierId: number | null }
): Promise<Download> {
	await requireEventAccess(db, principal, eventId, 'invitation.send');
	const suffix = q.filter === 'all' ? 'tat-ca' : q.filter === 'no-email' ? 'khong-email' : 'chua-gui';
	if (format === 'docx') {
		const r = await renderLettersDocx(db, eventId, q.filter, q.tierId ?? undefined);
		return { bytes: r.bytes, count: r.count, contentType: DOCX_TYPE, filename: `giay-moi-${suffix}-${stamp()}.docx` };
	}
	if (format === 'pdf') {
		const r = await renderLettersPdf(db, eventId, q.filter, q.tierId ?? undefined);
		return { bytes: r.bytes, count: r.count, contentType: 'application/pdf', filename: `giay-moi-${suffix}-${stamp()}.pdf` };
	}
	const r = await renderLettersZip(db, eventId, q.filter, q.tierId ?? undefined);
	return { bytes: r.bytes, count: r.count, contentType: 'application/zip', filename: `giay-moi-${suffix}-${stamp()}.zip` };
}

/** The HTTP response of a download: always an attachment, never sniffed. */
export function downloadResponse(d: Download): Response {
	return new Response(d.bytes as unknown as BodyInit, {
		headers: {
			'content-type': d.contentType,
			'content-length': String(d.bytes.length),
			'content-disposition': `attachment; filename="${d.filename.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '')}"; filename*=UTF-8''${encodeURIComponent(d.filename)}`,
			'x-content-type-options': 'nosniff',
			'cache-control': 'private, no-store',
			'x-letter-count': String(d.count)
		}
	});
}

/** "Xem thử": the first delegate's letter, or a sample addressee when the list is empty. */
export async function previewLetter(db: Executor, principal: Principal, eventId: number): Promise<Download> {
	const { event } = await requireEventAccess(db, principal, eventId, 'invitation.send');
	const first = (await lettersSelection(db, eventId, 'all'))[0];
	if (first) return downloadLetter(db, principal, eventId, first.delegate.id);
	const s = await letterSettings(db, event);
	const letter = buildLetter(event, s, {
		id: 0,
		token_version: 1,
		kind: 'person',
		salutation: 'Ông',
		full_name: 'Nguyễn Văn Mẫu',
		position: 'Giám đốc',
		unit: 'Sở Tài chính',
		addressed_to: '',
		places: 1,
		code: 'ABC-123'
	} as unknown as Parameters<typeof buildLetter>[2]);
	letter.qrPayload = `${config().publicUrl}/r/mau-giay-moi`;
	const bytes = await renderInvitations([letter]);
	return { bytes, filename: 'giay-moi-xem-thu.pdf', contentType: 'application/pdf', count: 1 };
}

/** Pages of a PDF (a giấy mời should fit on one A4 page). */
export async function pdfPageCount(bytes: Uint8Array): Promise<number> {
	const { PDFDocument } = await import('pdf-lib');
	return (await PDFDocument.load(bytes, { updateMetadata: false })).getPageCount();
}
