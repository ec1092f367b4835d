import { db } from '$lib/server/db';
import { guardLoad, idParam, requirePrincipal } from '$lib/server/http';
import { downloadResponse, previewLetter } from '$lib/server/invitations/downloads';
import type { RequestHandler } from './$types';

/** The letter as it prints now (first delegate in protocol order). Shown inline for a quick look. */
export const GET: RequestHandler = async (event) => {
	const principal = requirePrincipal(event);
	const eventId = idParam(event.params.eventId);
	const res = downloadResponse(await guardLoad(() => previewLetter(db(), principal, eventId)));
	res.headers.set('content-disposition', res.headers.get('content-disposition')!.replace(/^attachment/, 'inline'));
	return res;
};
