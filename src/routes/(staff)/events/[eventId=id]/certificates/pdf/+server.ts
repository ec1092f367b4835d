import { db } from '$lib/server/db';
import { guardLoad, idParam, requirePrincipal } from '$lib/server/http';
import { certificatePdf } from '$lib/server/certificates/download';
import type { RequestHandler } from './$types';

/** ?kind=all|calibration|sample|attendance, ?decision=ID, ?award=ID (see certificates/download.ts). */
export const GET: RequestHandler = async (event) => {
	const principal = requirePrincipal(event);
	const eventId = idParam(event.params.eventId);
	return guardLoad(() => certificatePdf(db(), principal, eventId, event.url.searchParams));
};
