/** One entry point for every certificate PDF a page or the API offers (query parameters → PDF response). */
import type { Executor } from '$lib/server/db';
import { requireEventAccess, type Principal } from '$lib/server/auth/access';
import { notFound } from '$lib/server/errors';
import { pdfResponse } from '$lib/server/programme/pdf';
import {
	renderAttendanceCertificates,
	renderAwardCertificates,
	renderEventCalibration,
	renderSampleCertificate
} from './service';

function id(v: string | null): number | undefined {
	if (v === null || v === '') return undefined;
	if (!/^\d{1,10}$/.test(v)) throw notFound();
	return Number(v);
}

export async function certificatePdf(db: Executor, principal: Principal, eventId: number, q: URLSearchParams): Promise<Response> {
	// Every kind needs certificate.print: checked before the query is read (an unknown kind or id is a 404).
	await requireEventAccess(db, principal, eventId, 'certificate.print');
	const kind = q.get('kind') ?? 'all';
	const inline = q.get('inline') === '1';
	switch (kind) {
		case 'calibration':
			return pdfResponse(await renderEventCalibration(db, principal, eventId), 'trang-can-chinh.pdf', inline);
		case 'sample':
			return pdfResponse(await renderSampleCertificate(db, principal, eventId), 'bang-khen-mau.pdf', inline);
		case 'attendance': {
			const r = await renderAttendanceCertificates(db, principal, eventId, { delegateId: id(q.get('delegate')) });
			return pdfResponse(r.bytes, 'giay-chung-nhan.pdf', inline);
		}
		case 'all': {
			const r = await renderAwardCertificates(db, principal, eventId, { decisionId: id(q.get('decision')), awardId: id(q.get('award')) });
			return pdfResponse(r.bytes, r.filename, inline);
		}
		default:
			throw notFound();
	}
}
