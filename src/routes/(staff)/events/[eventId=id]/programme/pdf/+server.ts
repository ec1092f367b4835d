import { db } from '$lib/server/db';
import { guardLoad, idParam, requirePrincipal } from '$lib/server/http';
import { pdfResponse, programmePdfFor } from '$lib/server/programme/pdf';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	const principal = requirePrincipal(event);
	const bytes = await guardLoad(() => programmePdfFor(db(), principal, idParam(event.params.eventId)));
	return pdfResponse(bytes, 'chuong-trinh-hoi-nghi.pdf', event.url.searchParams.get('inline') === '1');
};
