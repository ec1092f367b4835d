import { db } from '$lib/server/db';
import { guardLoad, idParam, requirePrincipal } from '$lib/server/http';
import { pdfResponse, scriptPdfFor } from '$lib/server/programme/pdf';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	const principal = requirePrincipal(event);
	const bytes = await guardLoad(() => scriptPdfFor(db(), principal, idParam(event.params.eventId)));
	return pdfResponse(bytes, 'kich-ban-dan-chuong-trinh.pdf', event.url.searchParams.get('inline') === '1');
};
